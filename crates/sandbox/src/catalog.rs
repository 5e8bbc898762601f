//! The sandbox's billers: the documented test biller and a few more of each category, so search,
//! filters and pagination have something to work on.

use billerapi::billers::{Biller, BillerCategory};
use billerapi::link::Consent;

struct Entry {
    id: &'static str,
    name: &'static str,
    category: BillerCategory,
    website: &'static str,
}

const fn entry(
    id: &'static str,
    name: &'static str,
    category: BillerCategory,
    website: &'static str,
) -> Entry {
    Entry {
        id,
        name,
        category,
        website,
    }
}

static CATALOG: [Entry; 12] = [
    entry(
        "test_electric_company",
        "Test Electric Company",
        BillerCategory::Electric,
        "https://electric.example.com",
    ),
    entry(
        "test_gas_company",
        "Test Gas Company",
        BillerCategory::Gas,
        "https://gas.example.com",
    ),
    entry(
        "test_water_utility",
        "Test Water Utility",
        BillerCategory::Water,
        "https://water.example.com",
    ),
    entry(
        "test_telecom",
        "Test Telecom",
        BillerCategory::Telecom,
        "https://telecom.example.com",
    ),
    entry(
        "test_insurance",
        "Test Insurance Co",
        BillerCategory::Insurance,
        "https://insurance.example.com",
    ),
    entry(
        "riverside_power",
        "Riverside Power & Light",
        BillerCategory::Electric,
        "https://riverside-power.example.com",
    ),
    entry(
        "summit_natural_gas",
        "Summit Natural Gas",
        BillerCategory::Gas,
        "https://summit-gas.example.com",
    ),
    entry(
        "clearwater_water",
        "Clearwater Municipal Water",
        BillerCategory::Water,
        "https://clearwater.example.com",
    ),
    entry(
        "northwind_mobile",
        "Northwind Mobile",
        BillerCategory::Telecom,
        "https://northwind.example.com",
    ),
    entry(
        "metro_fiber",
        "Metro Fiber Internet",
        BillerCategory::Telecom,
        "https://metro-fiber.example.com",
    ),
    entry(
        "harbor_mutual",
        "Harbor Mutual Insurance",
        BillerCategory::Insurance,
        "https://harbor-mutual.example.com",
    ),
    entry(
        "prairie_electric_coop",
        "Prairie Electric Cooperative",
        BillerCategory::Electric,
        "https://prairie.example.com",
    ),
];

fn to_biller(entry: &Entry) -> Biller {
    Biller {
        id: entry.id.to_owned(),
        name: entry.name.to_owned(),
        category: entry.category.clone(),
        supported_consents: vec![Consent::Bills, Consent::Payments],
        website: Some(entry.website.to_owned()),
    }
}

/// Every biller, ordered by id.
pub fn all() -> Vec<Biller> {
    let mut billers: Vec<Biller> = CATALOG.iter().map(to_biller).collect();
    billers.sort_by(|a, b| a.id.cmp(&b.id));
    billers
}

/// The biller with this id.
pub fn find(id: &str) -> Option<Biller> {
    CATALOG.iter().find(|e| e.id == id).map(to_biller)
}
