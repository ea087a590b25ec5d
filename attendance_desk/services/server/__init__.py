"""Several PCs on the school's server: moving a school there, who is doing what, and who is importing."""
