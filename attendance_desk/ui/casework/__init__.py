"""The Casework page, the case file and its dialogs."""
