"""The catalog: links, families and name resolution, each formula defined once as a SymPy object."""
