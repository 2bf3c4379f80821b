//! The record form inside the desk: opening it, its keys, picker look-ups, saving (a refused
//! save keeps the form as typed) and showing the saved record.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Message, MessageKind};
use crate::ui::action::Named;
use crate::ui::form::{self, FieldKind, Purpose, SaveError, Saved};
use crate::ui::tabs::Tab;

impl App {
    /// The tab's work on the selected record (a complaint's next step).
    pub(super) fn open_act(&mut self, id: i64) {
        match self.tab.source().act(&self.store, &self.fetch_context(), id) {
            Ok(Some(form)) if form.is_chooser() && form.chooser_options().0.is_empty() => {
                self.info("msg.nothing_next")
            }
            Ok(Some(form)) => self.form = Some(form),
            Ok(None) => self.info("msg.no_act"),
            Err(error) => self.error(&error),
        }
    }

    pub(super) fn open_form(&mut self, id: Option<i64>) {
        match self.tab.source().form(&self.store, &self.fetch_context(), id) {
            Ok(form) => self.form = Some(form),
            Err(error) => self.error(&error),
        }
    }

    pub(super) fn form_action(&mut self, action: Named) {
        let Some(form) = &mut self.form else { return };
        if form.confirm_discard {
            match action {
                Named::Yes => self.form = self.form_stack.pop(),
                Named::No => form.confirm_discard = false,
                _ => {}
            }
            return;
        }
        match action {
            Named::Help => self.help_open = true,
            Named::Save => self.save_form(),
            Named::Cancel if form.dirty => form.confirm_discard = true,
            Named::Cancel => self.form = self.form_stack.pop(),
            Named::EditRecord => {
                if let FieldKind::Reference(kind) = form.focused().kind {
                    let ctx = self.fetch_context();
                    let form = self.form.take().expect("a form is open");
                    match crate::ui::master::edit_form(&self.store, &ctx, kind, &form) {
                        Ok(Some(edit)) => {
                            self.form_stack.push(form);
                            self.form = Some(edit);
                        }
                        Ok(None) => self.form = Some(form),
                        Err(error) => {
                            self.form = Some(form);
                            self.error(&error);
                        }
                    }
                }
            }
            Named::NewRecord => {
                if let FieldKind::Reference(kind) = form.focused().kind {
                    let ctx = self.fetch_context();
                    let form = self.form.take().expect("a form is open");
                    match crate::ui::master::new_form(&ctx, kind, &form) {
                        Some(new) => {
                            self.form_stack.push(form);
                            self.form = Some(new);
                        }
                        None => self.form = Some(form),
                    }
                }
            }
            // In the pop-up list of next steps ↑↓ (and Tab) move through the steps.
            Named::NextField | Named::PrevField if form.is_chooser() => {
                form.step_choice(action == Named::NextField);
            }
            Named::NextField => form.next_field(),
            Named::PrevField => form.prev_field(),
            Named::ChoiceNext | Named::ChoicePrev => {
                let forward = action == Named::ChoiceNext;
                if !form.step_choice(forward) {
                    // In a text field ←/→ move the caret.
                    let code = if forward { KeyCode::Right } else { KeyCode::Left };
                    form.type_key(KeyEvent::from(code));
                }
            }
            _ => {}
        }
    }

    /// A picker's matches follow its typed text.
    pub(super) fn lookup_matches(&mut self) {
        let Some(form) = &mut self.form else { return };
        let field = form.focused_mut();
        let FieldKind::Reference(kind) = field.kind else { return };
        match form::lookup(&self.store, kind, &field.text(), self.lang) {
            Ok(matches) => {
                field.matches = matches;
                field.picked = 0;
            }
            Err(error) => {
                let text = self.lang.t_with("msg.error", &[("error", &error.message(self.lang.code()))]);
                self.message = Some(Message { text, kind: MessageKind::Error });
            }
        }
    }

    pub(super) fn save_form(&mut self) {
        let Some(mut form) = self.form.take() else { return };
        let tab = form.tab;
        let ctx = self.fetch_context();
        let purpose = form.purpose;
        let saved = match purpose {
            Purpose::NewMerchant | Purpose::NewUnit | Purpose::NewStaff => {
                crate::ui::master::save(&self.store, &ctx, &mut form)
            }
            _ => tab.source().save(&self.store, &ctx, &mut form),
        };
        match saved {
            Ok(Saved::Picked(id, label)) => {
                self.load_staff();
                match self.form_stack.pop() {
                    Some(mut parent) => {
                        parent.focused_mut().set_pick(id, label);
                        parent.dirty = true;
                        self.form = Some(parent);
                    }
                    // Made on the Directory tab itself: shown there.
                    None => {
                        self.info("form.saved_master");
                        self.after_save(id);
                    }
                }
            }
            Ok(Saved::Next(next)) => self.form = Some(next),
            Ok(Saved::Again) => {
                self.refresh();
                self.form = Some(form);
            }
            Ok(Saved::Done(text)) => {
                self.message = Some(Message { text, kind: MessageKind::Info });
                self.refresh();
            }
            Ok(Saved::Record(_)) if matches!(purpose, Purpose::ComplaintFromCall(_)) => {
                // Saved from the Callbacks tab, which stays in view with the call done.
                let what = self.lang.t("what.complaint");
                self.message = Some(Message {
                    text: self.lang.t_with("form.saved", &[("what", &what)]),
                    kind: MessageKind::Info,
                });
                self.refresh();
            }
            Ok(Saved::Record(id)) if purpose != Purpose::Record => {
                // A step on the selected case: the list is read again around it.
                let key = if purpose == Purpose::Call { "call.saved" } else { "form.step_saved" };
                self.message = Some(Message { text: self.lang.t(key).into_owned(), kind: MessageKind::Info });
                self.refresh();
                let _ = id;
            }
            Ok(Saved::Record(id)) => {
                let what = self.lang.t(&format!("what.{}", what_key(tab)));
                self.message = Some(Message {
                    text: self.lang.t_with("form.saved", &[("what", &what)]),
                    kind: MessageKind::Info,
                });
                self.after_save(id);
            }
            Err(SaveError::Fields) => {
                if form.error.is_none() {
                    form.error = Some(self.lang.t("form.fix").into_owned());
                }
                self.form = Some(form);
            }
            Err(SaveError::Store(error)) => {
                form.error =
                    Some(self.lang.t_with("msg.error", &[("error", &error.message(self.lang.code()))]));
                self.form = Some(form);
            }
        }
    }

    /// Shows the saved record: selected when the list has it near the top, else on its own.
    pub(super) fn after_save(&mut self, id: i64) {
        self.refresh();
        let found = self.current().list.rows.iter().position(|r| r.id == id);
        match found {
            Some(index) => {
                let start = self.current().list.start;
                self.select(start + index as u64);
            }
            None => {
                self.current_mut().filter.only_id = Some(id);
                self.reload();
            }
        }
    }
}

/// The locale key naming one record of a tab ("what.complaint").
fn what_key(tab: Tab) -> &'static str {
    match tab {
        Tab::Prospects => "prospect",
        Tab::Leases => "lease",
        Tab::Complaints => "complaint",
        Tab::Callbacks => "callback",
        Tab::Meetings => "meeting",
        Tab::Directory => "record",
    }
}
