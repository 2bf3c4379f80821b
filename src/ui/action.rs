//! Everything the desk can be asked to do. Named actions come from the keymap
//! (`assets/keymap.toml`); the rest carry what the terminal sent (typed text, clicks, ticks).

use ratatui::crossterm::event::KeyEvent;

/// Actions bound to keys by name in the keymap.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumString, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Named {
    /// Show the keys of the current screen.
    Help,
    /// Open an empty form for a new record of the current tab.
    New,
    /// Put the cursor in the search box.
    Search,
    /// Open the selected record in its form.
    Edit,
    /// The tab's work on the selected record: a complaint's next step.
    Act,
    /// Write the selected record's printable form to a file (a complaint's registration form).
    Print,
    /// Write the list in view, every row, to an Excel file in the exports folder.
    Export,
    /// The same as a CSV file (UTF-8 with BOM).
    ExportCsv,
    /// Create callbacks in bulk: a zone's merchants, or all key customers.
    Campaign,
    /// Show the vacant units (on the Leases tab).
    Vacant,
    /// Read the list again from the database.
    Refresh,
    /// Step through the tab's quick filters.
    Filter,
    /// Show only overdue records, or all again.
    Overdue,
    /// Show or focus the detail of the selected record.
    Detail,
    /// Step through the staff members whose records the list shows (all, then each one).
    Staff,
    /// Switch between Chinese and English.
    Language,
    /// Leave the program.
    Quit,
    NextTab,
    PrevTab,
    #[strum(serialize = "tab_1")]
    Tab1,
    #[strum(serialize = "tab_2")]
    Tab2,
    #[strum(serialize = "tab_3")]
    Tab3,
    #[strum(serialize = "tab_4")]
    Tab4,
    #[strum(serialize = "tab_5")]
    Tab5,
    #[strum(serialize = "tab_6")]
    Tab6,
    /// The overview (总览).
    Overview,
    Up,
    Down,
    /// The figure to the left / right (the overview).
    Left,
    Right,
    PageUp,
    PageDown,
    First,
    Last,
    /// Leave the search box keeping its text.
    Accept,
    /// Leave the search box clearing it, or leave a form.
    Cancel,
    /// Leave the detail pane.
    Back,
    /// Jump to the linked record chosen in the detail pane.
    OpenLink,
    /// Save the form.
    Save,
    NextField,
    PrevField,
    /// Next value of a choice field.
    ChoiceNext,
    /// Previous value of a choice field.
    ChoicePrev,
    /// In a staff, merchant or unit picker: create a new one.
    NewRecord,
    /// In a staff, merchant or unit picker: edit the picked one.
    EditRecord,
    /// Close the help.
    Close,
    Yes,
    No,
}

impl Named {
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Actions that change records: absent in the read-only view.
    pub fn writes(self) -> bool {
        matches!(self, Named::New | Named::Edit | Named::Act | Named::Campaign | Named::Save)
    }
}

/// One step for `App::update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Named(Named),
    /// A key no binding claimed: typed into the focused text field.
    Type(KeyEvent),
    /// Bracketed paste.
    Paste(String),
    /// A left click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// The wheel: negative up, positive down.
    Wheel(i16),
    /// The terminal has a new size.
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passes: the read-only view looks for the desk's commits.
    Tick,
}
