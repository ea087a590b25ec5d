"""Reading and writing the MIS's CSV files. Streams rows; imports ``domain`` only."""
