"""Files to rules, readings and series, with findings. Imports `rating` and `errors` only."""
