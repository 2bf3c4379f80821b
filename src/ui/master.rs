//! Master data looked after where it is needed: in a staff, merchant or unit picker Ctrl-N opens a
//! short form for a new one and Ctrl-E one for the picked one; saving returns to the first form
//! with the record picked.

use super::form::{Field, FieldKind, Form, Purpose, RefKind, SaveError, Saved, options, settle};
use super::tabs::FetchContext;
use crate::domain::merchant::Merchant;
use crate::domain::staff::{Department, Staff, StaffRole};
use crate::domain::unit::Unit;
use crate::store::Store;

/// The form editing the record a picker holds (Ctrl-E), prefilled.
pub fn edit_form(
    store: &Store,
    ctx: &FetchContext,
    kind: RefKind,
    parent: &Form,
) -> crate::store::Result<Option<Form>> {
    let Some(id) = parent.focused().picked_id().filter(|_| !parent.focused().text().is_empty()) else {
        return Ok(None);
    };
    filled_form(store, ctx, kind, parent.tab, id)
}

/// The form editing staff member, merchant or unit `id` (over `tab`), prefilled.
pub fn filled_form(
    store: &Store,
    ctx: &FetchContext,
    kind: RefKind,
    tab: super::tabs::Tab,
    id: i64,
) -> crate::store::Result<Option<Form>> {
    let Some(mut form) = blank_form(ctx, kind, tab) else { return Ok(None) };
    form.editing = Some(id);
    let title_key = match kind {
        RefKind::Merchant => "master.edit_merchant",
        RefKind::Unit => "master.edit_unit",
        _ => "master.edit_staff",
    };
    form.title = ctx.lang.t(title_key).into_owned();
    match kind {
        RefKind::Merchant => {
            let m = store.repo::<Merchant>().get(id)?;
            form.field_mut("brand").set_text(&m.brand);
            form.field_mut("company").set_text(&m.company);
            form.field_mut("contact").set_text(&m.contact);
            form.field_mut("phone").set_text(&crate::domain::phone::display(&m.phone));
            form.field_mut("category").set_text(&m.category);
            form.field_mut("licence_no").set_text(m.licence_no.as_deref().unwrap_or_default());
            form.field_mut("licence_expiry").set_text(&super::tabs::opt_date(&m.licence_expiry));
        }
        RefKind::Unit => {
            let u = store.repo::<Unit>().get(id)?;
            form.field_mut("code").set_text(&u.code);
            form.field_mut("floor").set_text(&u.floor);
            form.field_mut("zone").set_text(&u.zone);
            form.field_mut("area_dm2").set_text(&(u.area_dm2 / 100).to_string());
            form.field_mut("category").set_text(&u.category);
        }
        RefKind::Staff => {
            let s = store.repo::<Staff>().get(id)?;
            form.field_mut("name").set_text(&s.name);
            form.field_mut("role").set_choice(s.role.code());
            form.field_mut("department").set_choice(s.department.code());
            form.field_mut("phone")
                .set_text(&s.phone.as_deref().map(crate::domain::phone::display).unwrap_or_default());
            form.field_mut("zone").set_text(&s.zone);
        }
        RefKind::Roster(_)
        | RefKind::Charge(_)
        | RefKind::Action(_)
        | RefKind::Approver
        | RefKind::Signer(_) => {
            return Ok(None);
        }
    }
    Ok(Some(form))
}

/// The form for a new record of a picker's kind (over `parent`'s tab), starting with what was
/// typed in the picker.
pub fn new_form(ctx: &FetchContext, kind: RefKind, parent: &Form) -> Option<Form> {
    let mut form = blank_form(ctx, kind, parent.tab)?;
    let typed = parent.focused().text();
    let first = form.fields[0].key;
    form.field_mut(first).set_text(&typed);
    Some(form)
}

/// An empty form for a new staff member, merchant or unit over `tab`.
pub fn blank_form(ctx: &FetchContext, kind: RefKind, tab: super::tabs::Tab) -> Option<Form> {
    let lang = ctx.lang;
    let l = |key: &str| lang.t(key).into_owned();
    let (title, purpose, fields) = match kind {
        RefKind::Merchant => (
            l("master.merchant"),
            Purpose::NewMerchant,
            vec![
                Field::new("brand", l("field.brand"), FieldKind::Text, true),
                Field::new("company", l("field.company"), FieldKind::Text, true),
                Field::new("contact", l("field.contact"), FieldKind::Text, true),
                Field::new("phone", l("field.phone"), FieldKind::Text, true),
                Field::new("category", l("field.category"), FieldKind::Text, true),
                Field::new("licence_no", l("field.licence_no"), FieldKind::Text, false),
                Field::new("licence_expiry", l("field.licence_expiry"), FieldKind::Date, false),
            ],
        ),
        RefKind::Unit => (
            l("master.unit"),
            Purpose::NewUnit,
            vec![
                Field::new("code", l("field.unit_code"), FieldKind::Text, true),
                Field::new("floor", l("field.floor"), FieldKind::Text, true),
                Field::new("zone", l("field.zone"), FieldKind::Text, true),
                Field::new("area_dm2", l("field.area_m2"), FieldKind::Number, true),
                Field::new("category", l("field.category"), FieldKind::Text, false),
            ],
        ),
        RefKind::Staff => (
            l("master.staff"),
            Purpose::NewStaff,
            vec![
                Field::new("name", l("field.name"), FieldKind::Text, true),
                Field::new(
                    "role",
                    l("field.role"),
                    options(lang, "staff_role", StaffRole::all(), StaffRole::code),
                    true,
                ),
                Field::new(
                    "department",
                    l("field.department"),
                    options(lang, "department", Department::all(), Department::code),
                    true,
                ),
                Field::new("phone", l("field.phone"), FieldKind::Text, false),
                Field::new("zone", l("field.staff_zone"), FieldKind::Text, false),
            ],
        ),
        RefKind::Roster(_)
        | RefKind::Charge(_)
        | RefKind::Action(_)
        | RefKind::Approver
        | RefKind::Signer(_) => {
            return None;
        }
    };
    Some(Form::new(tab, None, title, fields).with_purpose(purpose))
}

/// Saves a new staff member, merchant or unit: its id and label for the waiting picker.
pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> Result<Saved, SaveError> {
    let lang = ctx.lang;
    form.clear_errors();
    form.require_texts(lang);
    match form.purpose {
        Purpose::NewMerchant => {
            let expiry = form.date("licence_expiry", ctx.today, lang);
            let mut merchant = Merchant {
                id: form.editing.unwrap_or(0),
                brand: form.text("brand"),
                company: form.text("company"),
                contact: form.text("contact"),
                phone: form.text("phone"),
                category: form.text("category"),
                licence_no: Some(form.text("licence_no")).filter(|t| !t.is_empty()),
                licence_expiry: expiry,
            };
            let result = match form.editing {
                Some(id) => store.repo::<Merchant>().update(&mut merchant).map(|()| id),
                None => store.repo::<Merchant>().create(&mut merchant),
            };
            picked(form, lang, result, merchant.brand.clone())
        }
        Purpose::NewUnit => {
            let area = form.number("area_dm2", lang);
            let Some(area) = area else { return Err(SaveError::Fields) };
            let mut unit = Unit {
                id: form.editing.unwrap_or(0),
                code: form.text("code"),
                floor: form.text("floor"),
                zone: form.text("zone"),
                area_dm2: area * 100,
                category: form.text("category"),
            };
            let result = match form.editing {
                Some(id) => store.repo::<Unit>().update(&mut unit).map(|()| id),
                None => store.repo::<Unit>().create(&mut unit),
            };
            picked(form, lang, result, unit.code.clone())
        }
        Purpose::NewStaff => {
            let active = match form.editing {
                Some(id) => store.repo::<Staff>().get(id)?.active,
                None => true,
            };
            let mut staff = Staff {
                id: form.editing.unwrap_or(0),
                name: form.text("name"),
                role: form.choice("role").unwrap_or(StaffRole::Clerk),
                department: form.choice("department").unwrap_or(Department::Service),
                phone: Some(form.text("phone")).filter(|t| !t.is_empty()),
                active,
                zone: form.text("zone"),
            };
            let result = match form.editing {
                Some(id) => store.repo::<Staff>().update(&mut staff).map(|()| id),
                None => store.repo::<Staff>().create(&mut staff),
            };
            picked(form, lang, result, staff.name.clone())
        }
        _ => Err(SaveError::Fields),
    }
}

fn picked(
    form: &mut Form,
    lang: super::i18n::Lang,
    result: crate::store::Result<i64>,
    label: String,
) -> Result<Saved, SaveError> {
    if form.has_errors() {
        return Err(SaveError::Fields);
    }
    match settle(form, lang, result)? {
        Saved::Record(id) => Ok(Saved::Picked(id, label)),
        other => Ok(other),
    }
}
