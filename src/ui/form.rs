//! Record forms: labelled fields with required markers, text fields on `ratatui-textarea`
//! (so wide characters, the input method's text and paste edit correctly), choices picked with
//! ←/→, dates typed as `2026-11-22`, `today` or `+3d`, and searchable pickers for staff,
//! merchants and units. A failed save keeps every field as typed and marks the ones to fix.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

use super::i18n::Lang;
use super::tabs::Tab;
use crate::domain::clock::parse_date_input;
use crate::domain::complaint::ComplaintStep;
use crate::domain::{Fen, ValidationErrors, parse_yuan};
use crate::store::StoreError;

/// What a picker field looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Staff,
    /// An active supervisor or manager other than the operator (a proposal's approver).
    Approver,
    Merchant,
    Unit,
    /// A line of this meeting's roster.
    Roster(i64),
    /// A charge of this lease.
    Charge(i64),
    /// An active staff member who may sign this step of a lease's approval chain.
    Signer(crate::domain::lease::ApproverRole),
    /// An action item of this meeting.
    Action(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Multiline,
    /// (code, label) pairs.
    Choice(Vec<(String, String)>),
    Date,
    Money,
    Number,
    Reference(RefKind),
}

pub struct Field {
    /// The record's field code, as validation names it.
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub input: TextArea<'static>,
    /// The chosen option of a choice field.
    pub choice: usize,
    /// A picker's matches for its typed text: (id, label).
    pub matches: Vec<(i64, String)>,
    /// The chosen match.
    pub picked: usize,
    pub error: Option<String>,
}

impl Field {
    pub fn new(key: &'static str, label: String, kind: FieldKind, required: bool) -> Field {
        Field {
            key,
            label,
            kind,
            required,
            input: text_area(""),
            choice: 0,
            matches: Vec::new(),
            picked: 0,
            error: None,
        }
    }

    /// Sets the typed text (for prefilled and edited records).
    pub fn set_text(&mut self, text: &str) {
        self.input = text_area(text);
    }

    pub fn set_choice(&mut self, code: &str) {
        if let FieldKind::Choice(options) = &self.kind {
            self.choice = options.iter().position(|(c, _)| c == code).unwrap_or(0);
        }
    }

    /// Offers a picker's choices without typing (a lease's charges, a meeting's action items):
    /// the first is picked.
    pub fn offer(&mut self, matches: Vec<(i64, String)>) {
        if let Some((_, label)) = matches.first() {
            self.input = text_area(label);
        }
        self.matches = matches;
        self.picked = 0;
    }

    /// Prefills a picker with a chosen record.
    pub fn set_pick(&mut self, id: i64, label: String) {
        self.input = text_area(&label);
        self.matches = vec![(id, label)];
        self.picked = 0;
    }

    pub fn text(&self) -> String {
        self.input.lines().join("\n").trim().to_string()
    }

    pub fn code(&self) -> Option<&str> {
        match &self.kind {
            FieldKind::Choice(options) => options.get(self.choice).map(|(c, _)| c.as_str()),
            _ => None,
        }
    }

    pub fn picked_id(&self) -> Option<i64> {
        self.matches.get(self.picked).map(|(id, _)| *id)
    }

    /// Rows the field takes on screen.
    pub fn rows(&self) -> u16 {
        if self.kind == FieldKind::Multiline { 3 } else { 1 }
    }

    pub fn is_text(&self) -> bool {
        !matches!(self.kind, FieldKind::Choice(_))
    }
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
    area.set_cursor_line_style(ratatui::style::Style::new());
    // The terminal's own cursor marks the focused field (where the input method opens); a
    // drawn block would show a "cursor" in every empty field.
    area.set_cursor_style(ratatui::style::Style::new());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// What saving the form does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Create or edit the tab's record.
    Record,
    /// Choose a complaint's next step (or escalation); saving opens that step's form.
    ChooseStep,
    /// Record a complaint's step.
    Step(ComplaintStep),
    /// Raise a complaint's escalation tier.
    Escalate,
    /// Record a call on a callback.
    Call,
    /// A new complaint from the unhappy call on this callback, prefilled from it; saved with
    /// the link between the two.
    ComplaintFromCall(i64),
    /// Create a batch of callbacks.
    Campaign,
    /// Choose the work on a prospect or a lease; saving does it or opens its form.
    ChooseWork,
    /// Move a prospect to a stage, with the reason.
    ProspectStage(crate::domain::prospect::ProspectStage),
    /// Log a contact with a prospect.
    Contact,
    /// Sign a prospect: merchant and draft lease (hand-over to operations).
    Sign,
    /// Add a signature to a lease's approval chain.
    Approval,
    /// Reject a lease in approval: back to draft with the reason.
    Reject,
    /// Move a lease to a stage that needs a reason.
    LeaseStage(crate::domain::lease::LeaseStage),
    /// Start a lease's renewal (its successor lease).
    Renew,
    /// Deduct from a lease's deposit.
    Deduction,
    /// Fill in a lease's exit checklist.
    ExitChecklist,
    /// Sign a roster line in.
    SignIn,
    /// Take points off a merchant's monthly score, with the reason.
    ScoreDeduction,
    /// Add a charge to a lease.
    Charge,
    /// Record a payment of a lease's charge.
    Payment,
    /// Record a dunning reminder.
    Dunning,
    /// Correct a charge's amount or due date.
    ChargeEdit,
    /// A new merchant, unit or staff member for a waiting picker.
    NewMerchant,
    NewUnit,
    NewStaff,
    /// Add an action item to a meeting.
    ActionItem,
    /// Update an action item's status and result.
    ActionUpdate,
    /// Add an item to a meeting's agenda.
    Agenda,
}

/// What a successful save leads to.
// Returned once per save and matched at once: boxing the next form would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Saved {
    /// The record with this id was written.
    Record(i64),
    /// Another form follows (a chosen step's form).
    Next(Form),
    /// Done, with this to tell the user (e.g. how many callbacks a campaign created).
    Done(String),
    /// A new record for the picker of the form underneath: its id and label.
    Picked(i64, String),
    /// Written; the form stays open for the next one (a roster's sign-ins) and the list and
    /// detail underneath are read again.
    Again,
}

/// An open form: new record, or the record `editing`.
pub struct Form {
    pub tab: Tab,
    pub purpose: Purpose,
    pub editing: Option<i64>,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub dirty: bool,
    /// "Discard the changes?" is being asked.
    pub confirm_discard: bool,
    /// A message for the whole form (a refused save).
    pub error: Option<String>,
    /// Lines shown above the fields (a call script, a warning).
    pub preamble: Vec<String>,
    /// The record a repeated save confirms (replacing a sign-in after the clerk was asked).
    pub armed: Option<i64>,
    /// Lines shown beside the fields: what the desk knows of the caller.
    pub aside: Vec<String>,
    /// What the form's proposals were last made from (see `tabs::intake`).
    pub followed: Followed,
    /// Fields filled by a proposal and not typed in since: a new proposal may replace them.
    pub proposed: Vec<&'static str>,
}

/// The picks and the phone the intake form's proposals were made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Followed {
    pub merchant: Option<i64>,
    pub unit: Option<i64>,
    pub phone: String,
    /// The caller's name, followed while no number is typed.
    pub name: String,
    /// The campaign's reason (a survey's due date follows it).
    pub reason: Option<String>,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// Fields to fix, already marked on the form.
    Fields,
    Store(StoreError),
}

impl From<StoreError> for SaveError {
    fn from(error: StoreError) -> Self {
        SaveError::Store(error)
    }
}

impl Form {
    pub fn new(tab: Tab, editing: Option<i64>, title: String, fields: Vec<Field>) -> Form {
        Form {
            tab,
            purpose: Purpose::Record,
            editing,
            title,
            fields,
            focus: 0,
            armed: None,
            aside: Vec::new(),
            followed: Followed::default(),
            proposed: Vec::new(),
            dirty: false,
            confirm_discard: false,
            error: None,
            preamble: Vec::new(),
        }
    }

    /// A choice of what to do next (a complaint's next step, a lease's or a meeting's work): one
    /// list, shown as a pop-up over the list and taken with ↑↓ and Enter.
    pub fn is_chooser(&self) -> bool {
        matches!(self.purpose, Purpose::ChooseWork | Purpose::ChooseStep)
            && self.fields.len() == 1
            && matches!(self.fields[0].kind, FieldKind::Choice(_))
    }

    /// The chooser's options' labels and the highlighted one.
    pub fn chooser_options(&self) -> (Vec<&str>, usize) {
        match &self.fields.first().map(|f| (&f.kind, f.choice)) {
            Some((FieldKind::Choice(options), chosen)) => {
                (options.iter().map(|(_, label)| label.as_str()).collect(), *chosen)
            }
            _ => (Vec::new(), 0),
        }
    }

    pub fn with_purpose(mut self, purpose: Purpose) -> Form {
        self.purpose = purpose;
        self
    }

    pub fn field_mut(&mut self, key: &str) -> &mut Field {
        self.fields.iter_mut().find(|f| f.key == key).unwrap_or_else(|| panic!("form has no field {key}"))
    }

    pub fn field(&self, key: &str) -> &Field {
        self.fields.iter().find(|f| f.key == key).unwrap_or_else(|| panic!("form has no field {key}"))
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    pub fn focused_mut(&mut self) -> &mut Field {
        &mut self.fields[self.focus]
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }

    /// Enter in a one-line field: on to the next field still to fill (an empty text or picker,
    /// or a required choice still on "— choose —"), past those a default or a proposal already
    /// filled. Tab still visits every field; with nothing left to fill below, the next field.
    pub fn next_to_fill(&mut self) {
        let to_fill = |field: &Field| match field.kind {
            FieldKind::Choice(_) => field.required && field.code() == Some(""),
            _ => field.text().is_empty(),
        };
        match self.fields.iter().skip(self.focus + 1).position(to_fill) {
            Some(offset) => self.focus += offset + 1,
            None => self.next_field(),
        }
    }

    pub fn prev_field(&mut self) {
        self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
    }

    /// ←/→ on a choice or a picker; `false` when the focused field is plain text.
    pub fn step_choice(&mut self, forward: bool) -> bool {
        let field = self.focused_mut();
        let count = match &field.kind {
            FieldKind::Choice(options) => options.len(),
            FieldKind::Reference(_) => field.matches.len(),
            _ => return false,
        };
        if count == 0 {
            return true;
        }
        let current =
            if matches!(field.kind, FieldKind::Choice(_)) { &mut field.choice } else { &mut field.picked };
        *current = if forward { (*current + 1) % count } else { (*current + count - 1) % count };
        // Browsing a list of things to do is not an edit: Esc closes it without asking.
        if !matches!(self.purpose, Purpose::ChooseWork | Purpose::ChooseStep) {
            self.dirty = true;
        }
        true
    }

    /// A character typed on a choice: a digit picks that option (1 is the first), a letter the
    /// next option whose label starts with it. `true` when the choice moved.
    fn jump_choice(&mut self, c: char) -> bool {
        let browsing = matches!(self.purpose, Purpose::ChooseWork | Purpose::ChooseStep);
        let field = self.focused_mut();
        let FieldKind::Choice(options) = &field.kind else { return false };
        let target = match c.to_digit(10) {
            Some(n) if n >= 1 && (n as usize) <= options.len() => Some(n as usize - 1),
            Some(_) => None,
            None => {
                let wanted = c.to_lowercase().to_string();
                let count = options.len();
                (1..=count).map(|step| (field.choice + step) % count).find(|&i| {
                    let (code, label) = &options[i];
                    label.to_lowercase().starts_with(&wanted) || code.starts_with(&wanted)
                })
            }
        };
        let Some(target) = target else { return false };
        field.choice = target;
        if !browsing {
            self.dirty = true;
        }
        true
    }

    /// A key typed into the focused text field; `true` when the text changed.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        if let (FieldKind::Choice(_), ratatui::crossterm::event::KeyCode::Char(c)) =
            (&self.focused().kind, key.code)
        {
            return self.jump_choice(c);
        }
        let field = self.focused_mut();
        if !field.is_text() {
            return false;
        }
        let changed = field.input.input(key);
        if changed {
            let key = self.fields[self.focus].key;
            self.proposed.retain(|k| *k != key);
            let field = self.focused_mut();
            if field.kind != FieldKind::Multiline && field.input.lines().len() > 1 {
                // One-line fields keep one line.
                let joined = field.input.lines().join(" ");
                field.input = text_area(&joined);
            }
            self.dirty = true;
        }
        changed
    }

    /// Bracketed paste into the focused text field.
    pub fn paste(&mut self, text: &str) -> bool {
        let field = self.focused_mut();
        if !field.is_text() {
            return false;
        }
        let text = if field.kind == FieldKind::Multiline {
            text.to_string()
        } else {
            text.replace(['\r', '\n'], " ")
        };
        field.input.insert_str(text);
        let key = field.key;
        self.proposed.retain(|k| *k != key);
        self.dirty = true;
        true
    }

    /// Fills a field with what the desk proposes, unless the clerk already typed there; the
    /// text is selected, so typing replaces it. `true` when the field changed.
    pub fn propose_text(&mut self, key: &'static str, text: &str) -> bool {
        self.propose(key, |field| field.text() != text, |field| field.set_text(text))
    }

    /// Picks a record in a picker the clerk left empty (or that holds an earlier proposal).
    pub fn propose_pick(&mut self, key: &'static str, id: i64, label: String) -> bool {
        self.propose(key, |field| field.picked_id() != Some(id), |field| field.set_pick(id, label))
    }

    /// Sets field `key` with `fill` when it is empty or still holds a proposal, and `differs`.
    fn propose(
        &mut self,
        key: &'static str,
        differs: impl FnOnce(&Field) -> bool,
        fill: impl FnOnce(&mut Field),
    ) -> bool {
        let was_proposed = self.proposed.contains(&key);
        let Some(field) = self.fields.iter_mut().find(|f| f.key == key) else { return false };
        if !(field.text().is_empty() || was_proposed) || !differs(field) {
            return false;
        }
        fill(field);
        field.input.select_all();
        if !was_proposed {
            self.proposed.push(key);
        }
        true
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for field in &mut self.fields {
            field.error = None;
        }
    }

    /// Marks the fields named by a validation failure.
    pub fn mark(&mut self, errors: &ValidationErrors, lang: Lang) {
        for error in &errors.0 {
            let message = lang.problem(&error.problem);
            match self.fields.iter_mut().find(|f| f.key == error.field) {
                Some(field) => field.error = Some(message),
                None => {
                    // A field the form does not show: name it in the interface language.
                    let base = error.field.trim_end_matches("_fen").trim_end_matches("_id");
                    let key = format!("field.{base}");
                    let name = lang.t(&key);
                    let name = if name == key { error.field.to_string() } else { name.into_owned() };
                    self.error = Some(format!("{name}: {message}"));
                }
            }
        }
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
        }
    }

    pub fn fail(&mut self, key: &str, message: String) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.key == key) {
            field.error = Some(message);
        }
    }

    /// A required text, or `None` after marking it.
    pub fn text(&self, key: &str) -> String {
        self.field(key).text()
    }

    /// A typed date, or an error mark; empty gives `None`.
    pub fn date(&mut self, key: &str, today: NaiveDate, lang: Lang) -> Option<NaiveDate> {
        let text = self.field(key).text();
        if text.is_empty() {
            if self.field(key).required {
                self.fail(key, lang.t("problem.required").into_owned());
            }
            return None;
        }
        let parsed = parse_date_input(&text, today);
        if parsed.is_none() {
            self.fail(key, lang.t("problem.date").into_owned());
        }
        parsed
    }

    pub fn money(&mut self, key: &str, lang: Lang) -> Option<Fen> {
        let text = self.field(key).text();
        if text.is_empty() {
            if self.field(key).required {
                self.fail(key, lang.t("problem.required").into_owned());
            }
            return None;
        }
        let parsed = parse_yuan(&text);
        if parsed.is_none() {
            self.fail(key, lang.t("problem.number").into_owned());
        }
        parsed
    }

    pub fn number(&mut self, key: &str, lang: Lang) -> Option<i64> {
        let text = self.field(key).text();
        if text.is_empty() {
            if self.field(key).required {
                self.fail(key, lang.t("problem.required").into_owned());
            }
            return None;
        }
        let parsed = text.parse::<i64>().ok();
        if parsed.is_none() {
            self.fail(key, lang.t("problem.number").into_owned());
        }
        parsed
    }

    /// The picked record of a picker; a required one left empty is marked.
    pub fn reference(&mut self, key: &str, lang: Lang) -> Option<i64> {
        let field = self.field(key);
        let id = if field.text().is_empty() { None } else { field.picked_id() };
        if id.is_none() && (field.required || !field.text().is_empty()) {
            let message =
                if field.text().is_empty() { lang.t("problem.required") } else { lang.t("form.unknown_ref") };
            self.fail(key, message.into_owned());
        }
        id
    }

    pub fn choice<T: std::str::FromStr>(&self, key: &str) -> Option<T> {
        self.field(key).code().and_then(|c| c.parse().ok())
    }

    /// Marks required choices left on "— choose —".
    pub fn require_choices(&mut self, lang: Lang) {
        for field in &mut self.fields {
            if field.required && field.code() == Some("") {
                field.error = Some(lang.t("problem.choose").into_owned());
            }
        }
    }

    /// Marks required text fields left empty.
    pub fn require_texts(&mut self, lang: Lang) {
        for field in &mut self.fields {
            if field.required
                && matches!(field.kind, FieldKind::Text | FieldKind::Multiline)
                && field.text().is_empty()
            {
                field.error = Some(lang.t("problem.required").into_owned());
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

/// Options of a code enum for a choice field, labelled in `lang`.
pub fn options<E: Copy>(
    lang: Lang,
    type_key: &str,
    values: impl Iterator<Item = E>,
    code: fn(E) -> &'static str,
) -> FieldKind {
    FieldKind::Choice(
        values.map(|v| (code(v).to_string(), lang.label(type_key, code(v)).into_owned())).collect(),
    )
}

/// A choice that starts on "— choose —" (code ""), so the clerk picks a value rather than
/// accept a silent default; [`Form::require_choices`] refuses the blank.
pub fn unchosen(lang: Lang, kind: FieldKind) -> FieldKind {
    match kind {
        FieldKind::Choice(mut options) => {
            options.insert(0, (String::new(), lang.t("form.pick_one").into_owned()));
            FieldKind::Choice(options)
        }
        other => other,
    }
}

/// The departments of the settings as a choice (the stored text is the department's name); a
/// stored name no longer in the settings stays offered.
pub fn departments(lang: Lang, names: &[String], current: &str) -> FieldKind {
    let mut options: Vec<(String, String)> = names.iter().map(|n| (n.clone(), n.clone())).collect();
    if !current.is_empty() && !names.iter().any(|n| n == current) {
        options.push((current.to_string(), current.to_string()));
    }
    unchosen(lang, FieldKind::Choice(options))
}

/// A yes/no choice.
pub fn yes_no(lang: Lang) -> FieldKind {
    FieldKind::Choice(vec![
        ("no".into(), lang.t("field.no").into_owned()),
        ("yes".into(), lang.t("field.yes").into_owned()),
    ])
}

/// A charge as the pickers show it: period, kind, amount, and what it still owes or "paid".
pub fn charge_label(lang: Lang, charge: &crate::domain::lease::Charge, balance: Fen) -> String {
    let kind = lang.label("charge_kind", charge.kind.code());
    let amount = crate::domain::format_yuan(charge.amount_fen);
    let owed = crate::domain::format_yuan(balance);
    let mut args =
        vec![("period", charge.period.as_str()), ("kind", kind.as_ref()), ("amount", amount.as_str())];
    if balance > 0 {
        args.push(("balance", owed.as_str()));
        lang.t_with("charge.unpaid_label", &args)
    } else {
        lang.t_with("charge.paid_label", &args)
    }
}

/// Records matching a picker's typed text: (id, label), at most a screenful.
pub fn lookup(
    store: &crate::store::Store,
    kind: RefKind,
    text: &str,
    lang: Lang,
) -> crate::store::Result<Vec<(i64, String)>> {
    use crate::domain::merchant::Merchant;
    use crate::domain::phone;
    use crate::domain::staff::Staff;
    use crate::domain::unit::Unit;
    use crate::store::PageRequest;
    let first = PageRequest::first(8);
    let staff_label = |s: &Staff| {
        format!(
            "{} · {} · {}",
            s.name,
            lang.label("staff_role", s.role.code()),
            lang.label("department", s.department.code())
        )
    };
    Ok(match kind {
        RefKind::Staff => {
            // The service desk's own people first: most pickers assign desk work.
            let filter = crate::store::staff::StaffFilter {
                text: text.into(),
                active_only: true,
                ..Default::default()
            };
            let mut staff = store.repo::<Staff>().page(&filter, &PageRequest::first(200))?.rows;
            staff.sort_by_key(|s| s.department != crate::domain::staff::Department::Service);
            staff.iter().take(8).map(|s| (s.id, staff_label(s))).collect()
        }
        RefKind::Approver => {
            use crate::domain::staff::StaffRole;
            let mut approvers = Vec::new();
            for role in [StaffRole::Supervisor, StaffRole::Manager] {
                let filter = crate::store::staff::StaffFilter {
                    text: text.into(),
                    role: Some(role),
                    active_only: true,
                    ..Default::default()
                };
                approvers.extend(store.repo::<Staff>().page(&filter, &first)?.rows);
            }
            approvers
                .iter()
                .filter(|s| s.name != store.operator())
                .take(8)
                .map(|s| (s.id, staff_label(s)))
                .collect()
        }
        RefKind::Signer(step) => {
            let filter = crate::store::staff::StaffFilter {
                text: text.into(),
                active_only: true,
                ..Default::default()
            };
            store
                .repo::<Staff>()
                .page(&filter, &PageRequest::first(500))?
                .rows
                .iter()
                .filter(|s| step.qualifies(s.role, s.department))
                .take(8)
                .map(|s| (s.id, staff_label(s)))
                .collect()
        }
        RefKind::Merchant => {
            let filter = crate::store::merchants::MerchantFilter { text: text.into(), ..Default::default() };
            store
                .repo::<Merchant>()
                .page(&filter, &first)?
                .rows
                .into_iter()
                .map(|m| (m.id, format!("{} {}", m.brand, phone::display(&m.phone))))
                .collect()
        }
        RefKind::Unit => {
            let filter = crate::store::units::UnitFilter { text: text.into(), ..Default::default() };
            store
                .repo::<Unit>()
                .page(&filter, &first)?
                .rows
                .into_iter()
                .map(|u| (u.id, format!("{} {}", u.code, u.zone)))
                .collect()
        }
        RefKind::Charge(lease_id) => {
            // Unpaid charges first (oldest due first, with what they still owe), then paid ones.
            let text = text.trim().to_lowercase();
            let mut charges = store.repo::<crate::domain::lease::Charge>().with_balances(lease_id, 48)?;
            charges.sort_by_key(|(c, balance)| (*balance == 0, c.due_date, c.id));
            charges
                .iter()
                .map(|(c, balance)| (c.id, charge_label(lang, c, *balance)))
                .filter(|(_, label)| text.is_empty() || label.to_lowercase().contains(&text))
                .take(8)
                .collect()
        }
        RefKind::Action(meeting_id) => {
            use crate::domain::meeting::ActionItem;
            let filter = crate::store::meetings::ByMeeting { meeting_id: Some(meeting_id) };
            store
                .repo::<ActionItem>()
                .page(&filter, &crate::store::PageRequest::first(100))?
                .rows
                .into_iter()
                .filter(|a| {
                    text.trim().is_empty() || a.text.contains(text.trim()) || a.owner.contains(text.trim())
                })
                .take(8)
                .map(|a| {
                    (
                        a.id,
                        format!(
                            "{} — {} ({})",
                            a.text,
                            a.owner,
                            lang.label("action_status", a.status.code())
                        ),
                    )
                })
                .collect()
        }
        RefKind::Roster(meeting_id) => {
            let filter = crate::store::meetings::AttendanceFilter {
                meeting_id: Some(meeting_id),
                text: text.into(),
                ..Default::default()
            };
            store
                .repo::<crate::domain::meeting::Attendance>()
                .page(&filter, &first)?
                .rows
                .into_iter()
                .map(|a| (a.id, a.expected_name))
                .collect()
        }
    })
}

/// Saves through `save`; a validation failure marks the form's fields instead of failing.
pub fn settle(form: &mut Form, lang: Lang, result: crate::store::Result<i64>) -> Result<Saved, SaveError> {
    match result {
        Ok(id) => Ok(Saved::Record(id)),
        Err(StoreError::Invalid(errors)) => {
            form.mark(&errors, lang);
            Err(SaveError::Fields)
        }
        Err(StoreError::Refused(reason)) => {
            form.error = Some(reason.message(lang.code()));
            Err(SaveError::Fields)
        }
        Err(error) => Err(SaveError::Store(error)),
    }
}
