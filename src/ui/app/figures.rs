//! The figures a tab shows beside its list — this month's KPIs and the early warning on the
//! Complaints tab, the key customers still to call on the Callbacks tab — and printing a case.

use super::{App, Message, MessageKind};
use crate::ui::tabs::Tab;

impl App {
    /// Reads this month's KPIs and the early warning when the Complaints tab shows them.
    pub(super) fn load_kpis(&mut self) {
        if self.tab == Tab::Callbacks {
            self.load_key_customers();
        }
        if self.tab != Tab::Complaints {
            return;
        }
        let period = crate::domain::kpi::Period::month_of(self.fetch_context().today);
        match crate::report::kpi::kpis(&self.store, &self.settings, period) {
            Ok(kpis) => self.kpis = kpis,
            Err(error) => self.error(&error),
        }
        match crate::ui::tabs::warning_line(&self.store, &self.fetch_context()) {
            Ok(warning) => self.warning = warning,
            Err(error) => self.error(&error),
        }
    }

    /// Key customers must all be called back: how many are still open, and overdue.
    pub(super) fn load_key_customers(&mut self) {
        use crate::domain::callback::{Callback, CallbackStatus};
        use crate::store::callbacks::CallbackFilter;
        let open =
            CallbackFilter { key_only: true, status: Some(CallbackStatus::Open), ..Default::default() };
        let overdue = CallbackFilter { due_before: Some(self.now()), ..open.clone() };
        let repo = self.store.repo::<Callback>();
        match repo.count(&open).and_then(|o| Ok((o, repo.count(&overdue)?))) {
            Ok(counts) => self.key_customers = counts,
            Err(error) => self.error(&error),
        }
    }

    /// Writes the case's registration form to the exports folder and says where.
    pub(super) fn print_case(&mut self, id: i64) {
        let result = self.store.repo::<crate::domain::complaint::Complaint>().get(id).and_then(|case| {
            let text = crate::report::case::registration_form(&self.store, &case, self.lang)?;
            let path = self.exports_dir.join(format!("{}.txt", case.number));
            std::fs::create_dir_all(&self.exports_dir)?;
            std::io::Write::write_all(&mut crate::paths::create_private(&path)?, text.as_bytes())?;
            Ok(path)
        });
        match result {
            Ok(path) => {
                let text = self.lang.t_with("msg.exported", &[("path", &path.display().to_string())]);
                self.message = Some(Message { text, kind: MessageKind::Info });
            }
            Err(error) => self.error(&error),
        }
    }
}
