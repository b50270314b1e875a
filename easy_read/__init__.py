"""Easy-read language for Tell LeDeR: locale files, rendering, pictures and checks."""
