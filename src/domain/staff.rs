//! Staff members: who works the desk, leasing and supervision. Every change in the program is
//! recorded with the operator's name; staff rows are what records get assigned to.

use serde::{Deserialize, Serialize};

use super::ValidationErrors;
use super::validate::Checker;
use crate::code_enum;

code_enum! {
    /// What a staff member does at the mall. The last three sign leases at the end of the
    /// approval chain (财务经理, 副总经理, 总经理).
    pub enum StaffRole { Clerk, Leasing, Supervisor, Manager, FinanceManager, DeputyGm, Gm }
}

code_enum! {
    /// The departments that own records: leasing 招商, operations 营运, customer service 客服;
    /// finance 财务 and management 总经办 sign leases.
    pub enum Department { Leasing, Operations, Service, Finance, Management }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
    pub department: Department,
    pub phone: Option<String>,
    pub active: bool,
    /// The zone or floor an operations or service member looks after ("" = the whole mall).
    pub zone: String,
}

impl Staff {
    /// Trims and normalises the fields in place, then reports every problem.
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("name", &mut self.name, 40);
        check.optional_phone("phone", &mut self.phone);
        check.optional("zone", &mut self.zone, 40);
        check.finish()
    }
}

/// The staff member to suggest for a new prospect: the active one with the fewest open
/// prospects (ties go to the lowest id, so the suggestion is stable).
pub fn least_loaded(loads: &[(i64, u64)]) -> Option<i64> {
    loads.iter().min_by_key(|(id, open)| (*open, *id)).map(|(id, _)| *id)
}

/// Where a staff member stands after the quarterly appraisal (自然季度考核): two consecutive
/// quarters below target earn a warning, three a dismissal review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Fine,
    Warning,
    DismissalReview,
}

impl Standing {
    /// `below` is, newest first, whether each quarter missed its target (`None`: nothing to
    /// measure, which breaks a run).
    pub fn of(below: &[Option<bool>]) -> Standing {
        let run = below.iter().take_while(|b| **b == Some(true)).count();
        match run {
            0 | 1 => Standing::Fine,
            2 => Standing::Warning,
            _ => Standing::DismissalReview,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Standing::Fine => "fine",
            Standing::Warning => "warning",
            Standing::DismissalReview => "dismissal_review",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_quarters_below_warn_and_three_call_for_review() {
        assert_eq!(Standing::of(&[Some(true), Some(false), Some(true)]), Standing::Fine);
        assert_eq!(Standing::of(&[Some(true), Some(true), Some(false)]), Standing::Warning);
        assert_eq!(Standing::of(&[Some(true), Some(true), Some(true)]), Standing::DismissalReview);
        assert_eq!(Standing::of(&[Some(false), Some(true), Some(true)]), Standing::Fine);
        assert_eq!(Standing::of(&[Some(true), None, Some(true)]), Standing::Fine);
        assert_eq!(Standing::of(&[]), Standing::Fine);
    }

    #[test]
    fn suggests_fewest_open_prospects() {
        assert_eq!(least_loaded(&[(1, 5), (2, 3), (3, 3)]), Some(2));
        assert_eq!(least_loaded(&[]), None);
    }

    #[test]
    fn staff_name_is_required_and_phone_normalised() {
        let mut staff = Staff {
            id: 0,
            name: " 王芳 ".into(),
            role: StaffRole::Clerk,
            department: Department::Service,
            phone: Some("+86 139-0000-1111".into()),
            active: true,
            zone: String::new(),
        };
        assert!(staff.validate().is_ok());
        assert_eq!(staff.name, "王芳");
        assert_eq!(staff.phone.as_deref(), Some("13900001111"));
        staff.name.clear();
        assert!(staff.validate().unwrap_err().for_field("name").is_some());
    }

    #[test]
    fn codes_round_trip() {
        for role in StaffRole::all() {
            assert_eq!(role.code().parse::<StaffRole>().unwrap(), role);
        }
    }
}
