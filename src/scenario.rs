//! The scenario (input) and plan (output) contract. Filled in by the foundation issue.
