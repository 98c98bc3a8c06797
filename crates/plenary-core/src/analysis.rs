//! Per-language text analysis (placeholder).
