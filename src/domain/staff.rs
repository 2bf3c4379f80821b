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
}

impl Staff {
    /// Trims and normalises the fields in place, then reports every problem.
    pub fn validate(&mut self) -> Result<(), ValidationErrors> {
        let mut check = Checker::new();
        check.required("name", &mut self.name, 40);
        check.optional_phone("phone", &mut self.phone);
        check.finish()
    }
}

/// The staff member to suggest for a new prospect: the active one with the fewest open
/// prospects (ties go to the lowest id, so the suggestion is stable).
pub fn least_loaded(loads: &[(i64, u64)]) -> Option<i64> {
    loads.iter().min_by_key(|(id, open)| (*open, *id)).map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

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
