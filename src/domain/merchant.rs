//! Merchants (商户): the brands trading in the mall, with their business licence (资质), whose
//! expiry is flagged ahead of time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ValidationErrors;
use super::validate::{Checker, SHORT_TEXT};
use crate::code_enum;

code_enum! {
    /// Where a merchant's business licence stands on a given day.
    pub enum LicenceStatus { Valid, ExpiringSoon, Expired, Unknown }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub id: i64,
    pub brand: String,
    pub company: String,
    pub contact: String,
    pub phone: String,
    pub category: String,
    pub licence_no: Option<String>,
    pub licence_expiry: Option<NaiveDate>,
}

impl Merchant {
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("brand", &mut self.brand, SHORT_TEXT);
        check.required("company", &mut self.company, SHORT_TEXT);
        check.required("contact", &mut self.contact, 40);
        check.phone("phone", &mut self.phone);
        check.required("category", &mut self.category, 40);
        check.optional_opt("licence_no", &mut self.licence_no, 30);
        check.finish()
    }

    /// Licence state on `today`, warning `warn_days` ahead of expiry.
    pub fn licence_status(&self, today: NaiveDate, warn_days: u32) -> LicenceStatus {
        Merchant::status_of(self.licence_expiry, today, warn_days)
    }

    /// The state of a licence expiring on `expiry` (`None`: not on record).
    pub fn status_of(expiry: Option<NaiveDate>, today: NaiveDate, warn_days: u32) -> LicenceStatus {
        match expiry {
            None => LicenceStatus::Unknown,
            Some(expiry) if expiry < today => LicenceStatus::Expired,
            Some(expiry) if (expiry - today).num_days() <= i64::from(warn_days) => {
                LicenceStatus::ExpiringSoon
            }
            Some(_) => LicenceStatus::Valid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merchant() -> Merchant {
        Merchant {
            id: 0,
            brand: "茶语时光".into(),
            company: "上海茶语餐饮管理有限公司".into(),
            contact: "李娜".into(),
            phone: "021 6234 5678".into(),
            category: "餐饮".into(),
            licence_no: Some("91310000MA1234567X".into()),
            licence_expiry: NaiveDate::from_ymd_opt(2026, 12, 10),
        }
    }

    #[test]
    fn licence_flags() {
        let m = merchant();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert_eq!(m.licence_status(day(1), 30), LicenceStatus::Valid);
        assert_eq!(m.licence_status(day(22), 30), LicenceStatus::ExpiringSoon);
        assert_eq!(
            m.licence_status(NaiveDate::from_ymd_opt(2026, 12, 11).unwrap(), 30),
            LicenceStatus::Expired
        );
        // Its last day it is still valid (expiring), not expired.
        assert_eq!(
            m.licence_status(NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(), 30),
            LicenceStatus::ExpiringSoon
        );
    }

    #[test]
    fn validates_and_normalises() {
        let mut m = merchant();
        assert!(m.validate().is_ok());
        assert_eq!(m.phone, "02162345678");
        m.brand = "x".repeat(101);
        m.phone = "555".into();
        let errors = m.validate().unwrap_err();
        assert!(errors.for_field("brand").is_some());
        assert!(errors.for_field("phone").is_some());
    }
}
