//! Statistical baseline forecasting (see issue: models, automatic selection).
