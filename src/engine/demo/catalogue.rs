//! Northwind Cycles' catalogue: resources, components, and the four families with their
//! SKU templates (pattern, level, price), routings, BOMs and margins.

use super::Pattern;
use crate::engine::model::Strategy;

/// A SKU template: name, pattern, level (units/month), price, assembly hours.
pub(super) struct SkuSpec {
    pub(super) sku: &'static str,
    pub(super) name: &'static str,
    pub(super) pattern: Pattern,
    pub(super) level: f64,
    pub(super) price: f64,
}

pub(super) struct FamilySpec {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) strategy: Strategy,
    /// Hours per unit on Welding, Paint, Assembly, Wheels.
    pub(super) hours: [f64; 4],
    /// (component index, qty per unit).
    pub(super) bom: &'static [(usize, f64)],
    pub(super) lead_time: u32,
    pub(super) service_level: f64,
    pub(super) lot_multiple: f64,
    /// Typical gross margin of the family (0.35 = 35 %).
    pub(super) gross_margin: f64,
    pub(super) skus: &'static [SkuSpec],
}

pub(super) const RESOURCES: [(&str, &str, f64, f64); 4] = [
    // id, name, cost per hour, crew
    ("WELD", "Frame welding", 48.0, 1.0),
    ("PAINT", "Paint shop", 42.0, 0.5),
    ("ASSY", "Assembly line", 38.0, 1.0),
    ("WHEEL", "Wheel building", 36.0, 1.0),
];

pub(super) const COMPONENTS: [(&str, &str, f64, u32); 6] = [
    // id, name, unit cost, lead time (months)
    ("BATT", "Battery pack 500 Wh", 310.0, 2),
    ("MOTOR", "Mid-drive motor", 240.0, 3),
    ("FRAME", "Aluminium frame tube set", 58.0, 1),
    ("WSET", "Wheel set (rims, spokes, hubs)", 46.0, 1),
    ("DRIVE", "Drivetrain kit", 64.0, 2),
    ("PAINT", "Powder coat (kg)", 14.0, 0),
];

pub(super) const FAMILIES: [FamilySpec; 4] = [
    FamilySpec {
        id: "EBIKE",
        name: "E-bikes",
        strategy: Strategy::Chase,
        hours: [1.1, 0.7, 2.6, 0.5],
        bom: &[(0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0), (5, 1.2)],
        lead_time: 1,
        service_level: 0.95,
        lot_multiple: 5.0,
        gross_margin: 0.30,
        skus: &[
            SkuSpec {
                sku: "EB-CITY-500",
                name: "E-City 500",
                pattern: Pattern::Trending { pct: 1.5 },
                level: 150.0,
                price: 2690.0,
            },
            SkuSpec {
                sku: "EB-CITY-700",
                name: "E-City 700",
                pattern: Pattern::Trending { pct: 1.2 },
                level: 110.0,
                price: 3190.0,
            },
            SkuSpec {
                sku: "EB-TREK-600",
                name: "E-Trekking 600",
                pattern: Pattern::Seasonal { peak: 5, amp: 0.35 },
                level: 95.0,
                price: 3390.0,
            },
            SkuSpec {
                sku: "EB-MTB-800",
                name: "E-MTB 800",
                pattern: Pattern::Seasonal { peak: 6, amp: 0.45 },
                level: 70.0,
                price: 4290.0,
            },
            SkuSpec {
                sku: "EB-CARGO-1",
                name: "E-Cargo One",
                pattern: Pattern::Trending { pct: 2.5 },
                level: 45.0,
                price: 4890.0,
            },
            SkuSpec {
                sku: "EB-FOLD-300",
                name: "E-Fold 300",
                pattern: Pattern::Smooth,
                level: 40.0,
                price: 2190.0,
            },
            SkuSpec {
                sku: "EB-SPEED-45",
                name: "S-Pedelec 45",
                pattern: Pattern::New { age: 9 },
                level: 35.0,
                price: 5490.0,
            },
            SkuSpec {
                sku: "EB-CLASSIC",
                name: "E-Classic (run-out)",
                pattern: Pattern::Declining { pct: 3.0 },
                level: 30.0,
                price: 1990.0,
            },
        ],
    },
    FamilySpec {
        id: "CITY",
        name: "City bikes",
        strategy: Strategy::Level,
        hours: [0.9, 0.6, 1.6, 0.4],
        bom: &[(2, 1.0), (3, 1.0), (4, 1.0), (5, 1.0)],
        lead_time: 1,
        service_level: 0.95,
        lot_multiple: 10.0,
        gross_margin: 0.36,
        skus: &[
            SkuSpec {
                sku: "CB-URBAN-3",
                name: "Urban 3-speed",
                pattern: Pattern::Seasonal { peak: 5, amp: 0.30 },
                level: 220.0,
                price: 649.0,
            },
            SkuSpec {
                sku: "CB-URBAN-7",
                name: "Urban 7-speed",
                pattern: Pattern::Seasonal { peak: 5, amp: 0.30 },
                level: 180.0,
                price: 749.0,
            },
            SkuSpec {
                sku: "CB-TOUR-21",
                name: "Tour 21",
                pattern: Pattern::Seasonal { peak: 6, amp: 0.40 },
                level: 120.0,
                price: 899.0,
            },
            SkuSpec {
                sku: "CB-COMMUTE",
                name: "Commuter",
                pattern: Pattern::Smooth,
                level: 160.0,
                price: 699.0,
            },
            SkuSpec {
                sku: "CB-DUTCH",
                name: "Dutch classic",
                pattern: Pattern::Smooth,
                level: 90.0,
                price: 799.0,
            },
            SkuSpec {
                sku: "CB-GRAVEL",
                name: "Gravel 1x11",
                pattern: Pattern::Trending { pct: 1.0 },
                level: 70.0,
                price: 1190.0,
            },
            SkuSpec {
                sku: "CB-SINGLE",
                name: "Single speed",
                pattern: Pattern::Declining { pct: 2.0 },
                level: 60.0,
                price: 499.0,
            },
            SkuSpec {
                sku: "CB-STEP-7",
                name: "Step-through 7",
                pattern: Pattern::New { age: 14 },
                level: 80.0,
                price: 729.0,
            },
        ],
    },
    FamilySpec {
        id: "KIDS",
        name: "Kids bikes",
        strategy: Strategy::TargetCover { months: 1.5 },
        hours: [0.3, 0.2, 0.6, 0.2],
        bom: &[(2, 0.4), (3, 0.5), (5, 0.4)],
        lead_time: 1,
        service_level: 0.90,
        lot_multiple: 10.0,
        gross_margin: 0.40,
        skus: &[
            SkuSpec {
                sku: "KB-12",
                name: "Kids 12\"",
                pattern: Pattern::Seasonal {
                    peak: 12,
                    amp: 0.55,
                },
                level: 90.0,
                price: 229.0,
            },
            SkuSpec {
                sku: "KB-16",
                name: "Kids 16\"",
                pattern: Pattern::Seasonal {
                    peak: 12,
                    amp: 0.55,
                },
                level: 110.0,
                price: 279.0,
            },
            SkuSpec {
                sku: "KB-20",
                name: "Kids 20\"",
                pattern: Pattern::Seasonal {
                    peak: 12,
                    amp: 0.50,
                },
                level: 100.0,
                price: 329.0,
            },
            SkuSpec {
                sku: "KB-24",
                name: "Junior 24\"",
                pattern: Pattern::Seasonal { peak: 4, amp: 0.35 },
                level: 75.0,
                price: 389.0,
            },
            SkuSpec {
                sku: "KB-BAL",
                name: "Balance bike",
                pattern: Pattern::Seasonal {
                    peak: 12,
                    amp: 0.65,
                },
                level: 60.0,
                price: 149.0,
            },
            SkuSpec {
                sku: "KB-TRIKE",
                name: "Trike",
                pattern: Pattern::Intermittent { p: 0.45 },
                level: 12.0,
                price: 179.0,
            },
        ],
    },
    FamilySpec {
        id: "PARTS",
        name: "Spare parts",
        strategy: Strategy::Chase,
        hours: [0.0, 0.0, 0.2, 0.3],
        bom: &[],
        lead_time: 0,
        service_level: 0.98,
        lot_multiple: 1.0,
        gross_margin: 0.48,
        skus: &[
            SkuSpec {
                sku: "SP-WHEEL-28",
                name: "Wheel 28\" rebuilt",
                pattern: Pattern::Smooth,
                level: 60.0,
                price: 89.0,
            },
            SkuSpec {
                sku: "SP-BATT-SVC",
                name: "Battery service kit",
                pattern: Pattern::Trending { pct: 2.0 },
                level: 25.0,
                price: 149.0,
            },
            SkuSpec {
                sku: "SP-FRAME-RPL",
                name: "Frame warranty replacement",
                pattern: Pattern::Intermittent { p: 0.3 },
                level: 4.0,
                price: 320.0,
            },
            SkuSpec {
                sku: "SP-CARGO-BOX",
                name: "Cargo box",
                pattern: Pattern::Intermittent { p: 0.5 },
                level: 8.0,
                price: 210.0,
            },
            SkuSpec {
                sku: "SP-CHILDSEAT",
                name: "Child seat mount",
                pattern: Pattern::Intermittent { p: 0.25 },
                level: 3.0,
                price: 95.0,
            },
            SkuSpec {
                sku: "SP-LIGHTS",
                name: "Light set",
                pattern: Pattern::Seasonal { peak: 11, amp: 0.4 },
                level: 45.0,
                price: 59.0,
            },
            SkuSpec {
                sku: "SP-RACK",
                name: "Rear rack",
                pattern: Pattern::Smooth,
                level: 35.0,
                price: 69.0,
            },
            SkuSpec {
                sku: "SP-KICKSTAND",
                name: "Kickstand",
                pattern: Pattern::New { age: 5 },
                level: 20.0,
                price: 29.0,
            },
        ],
    },
];
