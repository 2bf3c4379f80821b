//! Callback campaigns (c on the Callbacks tab): one callback for every merchant of a zone (or
//! of every zone), or for every key customer — a holiday or mall-anniversary greeting, a
//! satisfaction survey after an event.

use super::{FetchContext, Tab};
use crate::domain::callback::{Callback, CallbackReason};
use crate::domain::unit::Unit;
use crate::store::callbacks::{Campaign, CampaignTarget};
use crate::store::{Result, Store};
use crate::ui::form::{Field, FieldKind, Form, Purpose, RefKind, SaveError, Saved, options, yes_no};

const ALL_ZONES: &str = "all";
const KEY_CUSTOMERS: &str = "key";

pub fn campaign_form(store: &Store, ctx: &FetchContext) -> Result<Form> {
    let lang = ctx.lang;
    let mut targets = vec![(ALL_ZONES.to_string(), lang.t("campaign.all_zones").into_owned())];
    for zone in store.repo::<Unit>().zones()? {
        targets.push((format!("zone:{zone}"), lang.t_with("campaign.zone", &[("zone", &zone)])));
    }
    targets.push((KEY_CUSTOMERS.to_string(), lang.t("campaign.key").into_owned()));
    let l = |key: &str| lang.t(key).into_owned();
    let fields = vec![
        Field::new("target", l("campaign.target"), FieldKind::Choice(targets), true),
        Field::new(
            "reason",
            l("field.reason"),
            options(lang, "callback_reason", CallbackReason::all(), CallbackReason::code),
            true,
        ),
        Field::new("due_at", l("field.due_at"), FieldKind::Date, true),
        Field::new("staff_id", l("field.assigned_staff"), FieldKind::Reference(RefKind::Staff), false),
        Field::new("key_customer", l("field.key_customer"), yes_no(lang), true),
    ];
    let mut form =
        Form::new(Tab::Callbacks, None, l("campaign.title"), fields).with_purpose(Purpose::Campaign);
    form.field_mut("reason").set_choice(CallbackReason::PeriodicCare.code());
    form.field_mut("due_at").set_text(&format!("+{}d", ctx.settings.callbacks.due_days));
    // The date is the desk's proposal until typed in: a survey changes it (see `follow`).
    form.proposed.push("due_at");
    form.followed.reason = form.field("reason").code().map(str::to_string);
    Ok(form)
}

/// A survey is due a set number of days after the event (settings, `survey_after_days`, N+3 to
/// N+5): choosing it as the reason proposes the last day of that window, counted from today,
/// and says so beside the form; another reason gives back the usual callback delay.
pub fn follow(
    settings: &crate::config::Settings,
    today: chrono::NaiveDate,
    lang: crate::ui::i18n::Lang,
    form: &mut Form,
) {
    let reason = form.field("reason").code().map(str::to_string);
    if reason == form.followed.reason {
        return;
    }
    form.followed.reason = reason.clone();
    let callbacks = &settings.callbacks;
    if reason.as_deref() == Some(CallbackReason::Survey.code()) {
        let (first, last) = match callbacks.survey_after_days.as_slice() {
            [first, last, ..] => (*first, *last),
            _ => (3, 5),
        };
        let due = today + chrono::Days::new(u64::from(last));
        form.propose_text("due_at", &due.format("%Y-%m-%d").to_string());
        form.aside = vec![lang.t_with(
            "campaign.survey_window",
            &[
                ("first", &first.to_string()),
                ("last", &last.to_string()),
                ("from", &(today + chrono::Days::new(u64::from(first))).format("%Y-%m-%d").to_string()),
                ("due", &due.format("%Y-%m-%d").to_string()),
            ],
        )];
    } else {
        form.propose_text("due_at", &format!("+{}d", callbacks.due_days));
        form.aside.clear();
    }
}

pub fn save(store: &Store, ctx: &FetchContext, form: &mut Form) -> std::result::Result<Saved, SaveError> {
    let lang = ctx.lang;
    form.clear_errors();
    let due = form.date("due_at", ctx.today, lang);
    let staff_id = form.reference("staff_id", lang);
    let Some(due) = due else { return Err(SaveError::Fields) };
    if form.has_errors() {
        return Err(SaveError::Fields);
    }
    let target = match form.field("target").code() {
        Some(KEY_CUSTOMERS) => CampaignTarget::KeyCustomers,
        Some(code) => CampaignTarget::Zone(code.strip_prefix("zone:").map(str::to_string)),
        None => return Err(SaveError::Fields),
    };
    let due_at = ctx.clock.instant(due.and_hms_opt(18, 0, 0).expect("valid time"));
    let campaign = Campaign {
        target,
        reason: form.choice("reason").unwrap_or(CallbackReason::PeriodicCare),
        due_at,
        staff_id,
        key_customer: form.field("key_customer").code() == Some("yes"),
    };
    let created = store.repo::<Callback>().create_campaign(&campaign)?;
    Ok(Saved::Done(lang.t_with("campaign.created", &[("n", &created.to_string())])))
}
