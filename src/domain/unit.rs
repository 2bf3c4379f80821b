//! Shop units (铺位): a code such as `2F-A12`, floor, zone, area and intended category. A unit's
//! state is not stored: it follows from its leases (see [`UnitState::from_lease_stages`]).

use serde::{Deserialize, Serialize};

use super::ValidationErrors;
use super::lease::LeaseStage;
use super::validate::{Checker, Problem, SHORT_TEXT};
use crate::code_enum;

code_enum! {
    /// Whether a unit can be let.
    pub enum UnitState { Vacant, Reserved, Leased }
}

impl UnitState {
    /// A unit with an active lease is leased; one with a lease in preparation is reserved.
    pub fn from_lease_stages(stages: impl IntoIterator<Item = LeaseStage>) -> UnitState {
        let mut state = UnitState::Vacant;
        for stage in stages {
            match stage {
                LeaseStage::Active => return UnitState::Leased,
                LeaseStage::Draft | LeaseStage::LegalReview | LeaseStage::Approved => {
                    state = UnitState::Reserved
                }
                _ => {}
            }
        }
        state
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub floor: String,
    pub zone: String,
    /// Area in dm² (1/100 m²), so areas add up exactly.
    pub area_dm2: i64,
    pub category: String,
}

impl Unit {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        self.code = self.code.trim().to_uppercase();
        check.required("code", &mut self.code, 20);
        if !self.code.is_empty() && !valid_unit_code(&self.code) {
            check.fail("code", Problem::BadFormat { example: "2F-A12" });
        }
        check.required("floor", &mut self.floor, 10);
        check.required("zone", &mut self.zone, 40);
        check.optional("category", &mut self.category, SHORT_TEXT);
        check.range("area_dm2", self.area_dm2, 1, 10_000_000);
        check.finish()
    }
}

/// `<floor>-<place>`: letters and digits either side of one dash, e.g. `2F-A12`, `B1-023`.
fn valid_unit_code(code: &str) -> bool {
    let Some((floor, place)) = code.split_once('-') else {
        return false;
    };
    let ok = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric());
    ok(floor) && ok(place)
}

/// Vacancy rate = vacant area ÷ total area; `None` when there is no area at all.
pub fn vacancy_rate(vacant_dm2: i64, total_dm2: i64) -> Option<f64> {
    (total_dm2 > 0).then(|| vacant_dm2 as f64 / total_dm2 as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn unit(code: &str, area: i64) -> Unit {
        Unit {
            id: 0,
            code: code.into(),
            floor: "2F".into(),
            zone: "A区".into(),
            area_dm2: area,
            category: "餐饮".into(),
        }
    }

    #[rstest]
    #[case("2F-A12", true)]
    #[case(" b1-023 ", true)]
    #[case("2FA12", false)]
    #[case("2F-", false)]
    #[case("2F-A 12", false)]
    #[case("二楼-A12", false)]
    fn unit_codes(#[case] code: &str, #[case] ok: bool) {
        assert_eq!(unit(code, 5000).validate().is_ok(), ok);
    }

    #[test]
    fn area_must_be_positive() {
        assert!(unit("1F-A01", 0).validate().unwrap_err().for_field("area_dm2").is_some());
    }

    #[test]
    fn state_follows_leases() {
        use LeaseStage::*;
        assert_eq!(UnitState::from_lease_stages([]), UnitState::Vacant);
        assert_eq!(UnitState::from_lease_stages([Exited, Draft]), UnitState::Reserved);
        assert_eq!(UnitState::from_lease_stages([Draft, Active]), UnitState::Leased);
        assert_eq!(UnitState::from_lease_stages([Terminated]), UnitState::Vacant);
    }

    #[test]
    fn vacancy_rate_guards_zero() {
        assert_eq!(vacancy_rate(0, 0), None);
        assert_eq!(vacancy_rate(25, 100), Some(0.25));
    }
}
