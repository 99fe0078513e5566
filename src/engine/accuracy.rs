//! Forecast accuracy measures: WAPE, sMAPE, MASE, bias, tracking signal, FVA.
