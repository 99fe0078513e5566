//! Benchmark (filled below).
