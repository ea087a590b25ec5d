"""The Import/Export page, the mapping dialog, the watched-folder watcher and Settings › MIS sync."""
