//! Demo complaints and service requests with their steps, and callbacks with their attempts.

use super::*;

impl Demo<'_> {
    pub(super) fn complaints(&mut self) -> Result<()> {
        let count = self.plan.complaints;
        let merchants = self.merchants.clone();
        let units = self.units.clone();
        self.batched("complaints", count, |d, w, i| {
            let kind = match i % 20 {
                0..=8 => ComplaintKind::Complaint,
                9..=14 => ComplaintKind::Repair,
                15 => ComplaintKind::Help,
                16..=17 => ComplaintKind::Incident,
                _ => ComplaintKind::Suggestion,
            };
            let age = if i % d.plan.recent_every == 0 { d.rng.i64(0..6) } else { d.days_ago() };
            let received_at = d.at_day(age);
            let received_day = received_at.with_timezone(&mall_zone()).date_naive();
            let month = MonthStory::of(received_day);
            // Complaints name a merchant trading at the time: its unit is the one it leased.
            let trading = |m: &MerchantRef| m.unit.is_some_and(|(_, start)| start <= received_day);
            let mut merchant = &merchants[d.rng.usize(..merchants.len())];
            for _ in 0..50 {
                if trading(merchant) {
                    break;
                }
                merchant = &merchants[d.rng.usize(..merchants.len())];
            }
            // A customer complaint is mostly about the mall itself; now and then about a shop of
            // one of the few merchants having a bad year (the effective complaint rate's < 1 %).
            let troubled = (kind == ComplaintKind::Complaint
                && d.rng.u32(0..1000) < d.plan.merchant_complaint_permille)
                .then(|| {
                    let year = received_day.year();
                    let bad: Vec<&MerchantRef> = merchants
                        .iter()
                        .enumerate()
                        .filter(|(k, m)| bad_year(*k, year) && trading(m))
                        .map(|(_, m)| m)
                        .collect();
                    (!bad.is_empty()).then(|| bad[d.rng.usize(..bad.len())])
                })
                .flatten();
            if let Some(bad) = troubled {
                merchant = bad;
            }
            let merchant_unit = merchant.unit.filter(|(_, start)| *start <= received_day).map(|(id, _)| id);
            let goods = *d.pick(CATEGORIES[merchant.category].2);
            let (category, content) = match kind {
                ComplaintKind::Complaint => {
                    let texts =
                        if troubled.is_some() { MERCHANT_COMPLAINT_TEXTS } else { MALL_COMPLAINT_TEXTS };
                    let (category, text) = *d.pick(texts);
                    (category.parse().expect("known category"), text.replace("{goods}", goods))
                }
                ComplaintKind::Repair => (ComplaintCategory::Facilities, d.pick(REPAIR_TEXTS).to_string()),
                ComplaintKind::Help => (ComplaintCategory::Safety, d.pick(HELP_TEXTS).to_string()),
                ComplaintKind::Incident => (ComplaintCategory::Other, d.pick(INCIDENT_TEXTS).to_string()),
                ComplaintKind::Suggestion => (ComplaintCategory::Other, d.pick(SUGGESTION_TEXTS).to_string()),
            };
            // Few complaints turn out unfounded; an unfounded one is explained and closed without
            // a callback, so it is also a miss of the 100 % response target.
            let valid = match kind {
                ComplaintKind::Complaint => Some(troubled.is_some() || !d.chance(2)),
                ComplaintKind::Suggestion => Some(!d.chance(15)),
                _ => None,
            };
            let names_merchant = match kind {
                ComplaintKind::Complaint => troubled.is_some(),
                ComplaintKind::Repair | ComplaintKind::Incident => merchant_unit.is_some(),
                ComplaintKind::Help | ComplaintKind::Suggestion => false,
            };
            let path = step_path(kind, valid);
            // Steps follow each other about every 14 hours (judged within the day, resolved within
            // three days); a slow case takes 24 hours a step and misses the resolve limit. Recent
            // cases are as far along as their age allows, some a little behind, and a rare case
            // was left at a step and is overdue.
            let slow = d.chance(month.slow_percent);
            let spacing = if slow { 24 } else { 14 };
            let step_at = move |n: usize| received_at + Duration::hours(4 + spacing * n as i64);
            let lag = Duration::hours(d.rng.i64(0..6));
            let now = d.now;
            let mut last = path.len() - 1;
            while last > 0 && step_at(last) + lag > now {
                last -= 1;
            }
            if d.rng.u32(0..400) == 0 {
                last = last.min(d.rng.usize(..path.len() - 1));
            }
            let step = path[last];
            let reached = |s: ComplaintStep| path[..=last].contains(&s);
            let (handler_id, _) = d.staff_with(StaffRole::Clerk);
            let (_, supervisor) = d.staff_with(StaffRole::Supervisor);
            let from_merchant = kind == ComplaintKind::Repair;
            let satisfied_permille = month.satisfied_permille;
            let satisfaction = reached(ComplaintStep::CalledBack).then(|| {
                let roll = d.rng.u16(0..1000);
                if roll < satisfied_permille {
                    Satisfaction::Satisfied
                } else if roll < satisfied_permille + (1000 - satisfied_permille) * 2 / 3 {
                    Satisfaction::Neutral
                } else {
                    Satisfaction::Unsatisfied
                }
            });
            let position = |s: ComplaintStep| path.iter().position(|p| *p == s).unwrap_or(0);
            let customer = format!("{}{}", d.pick(SURNAMES), if i % 2 == 0 { "女士" } else { "先生" });
            let customer_phone = (i % 11 != 0).then(|| d.mobile());
            let department = d.pick(DEPARTMENTS).to_string();
            let responsible = d.person();
            let compensation = i64::from(d.rng.u32(50..500)) * 100;
            // A help request or incident happens somewhere in the mall, not at a merchant.
            let unit_id = match kind {
                ComplaintKind::Help => Some(units[d.rng.usize(..units.len())].0),
                _ if names_merchant => merchant_unit,
                _ => None,
            };
            let words = satisfaction.map(|s| d.pick(words_for(s)).to_string()).unwrap_or_default();
            let mut case = Complaint {
                id: 0,
                number: String::new(),
                kind,
                source: ComplaintSource::all().nth(i % 6).expect("six sources"),
                received_at,
                complainant: if from_merchant { merchant.contact.clone() } else { customer },
                complainant_type: if from_merchant {
                    ComplainantType::Merchant
                } else {
                    ComplainantType::Customer
                },
                phone: if from_merchant { Some(merchant.phone.clone()) } else { customer_phone },
                merchant_id: names_merchant.then_some(merchant.id),
                unit_id,
                category,
                content,
                level: if i % 37 == 0 {
                    ComplaintLevel::Online
                } else if i % 23 == 0 {
                    ComplaintLevel::Escalated
                } else {
                    ComplaintLevel::Normal
                },
                escalation: if i % 23 == 0 { EscalationTier::Area } else { EscalationTier::Project },
                department,
                handler_id: Some(handler_id),
                step,
                valid: valid.filter(|_| reached(ComplaintStep::Judged)),
                cause: if reached(ComplaintStep::Investigating) {
                    "经核实情况属实".into()
                } else {
                    String::new()
                },
                responsible_person: if reached(ComplaintStep::Investigating) {
                    responsible
                } else {
                    String::new()
                },
                remedy: if reached(ComplaintStep::Proposal) || reached(ComplaintStep::Resolved) {
                    if troubled.is_some() {
                        "退换货并致歉"
                    } else {
                        "已安排相关部门整改并致歉"
                    }
                    .into()
                } else {
                    String::new()
                },
                compensation_fen: if reached(ComplaintStep::Proposal) && i % 5 == 0 {
                    compensation
                } else {
                    0
                },
                approved_by: reached(ComplaintStep::Proposal).then(|| supervisor.clone()),
                approved_at: reached(ComplaintStep::Proposal)
                    .then(|| step_at(position(ComplaintStep::Proposal))),
                resolved_at: reached(ComplaintStep::Resolved)
                    .then(|| step_at(position(ComplaintStep::Resolved))),
                satisfaction,
                closing_summary: if step == ComplaintStep::Closed {
                    "已处理完毕，归档".into()
                } else {
                    String::new()
                },
                closed_at: (step == ComplaintStep::Closed).then(|| step_at(last)),
                due_at: None,
                linked_case_id: None,
            };
            w.insert_unaudited(&mut case)?;
            let mut rows = 2;
            for (n, s) in path.iter().enumerate().take(last + 1).skip(1) {
                let mut record = StepRecord {
                    id: 0,
                    complaint_id: case.id,
                    step: *s,
                    at: step_at(n),
                    operator: supervisor.clone(),
                    note: String::new(),
                };
                w.insert_unaudited(&mut record)?;
                rows += 1;
            }
            if reached(ComplaintStep::Resolved)
                && let Some(phone) = case.phone.clone()
            {
                let resolved = case.resolved_at.expect("resolved");
                let outcome = case.satisfaction;
                rows += d.callback_with_attempts(
                    w,
                    Callback {
                        id: 0,
                        party_kind: if from_merchant { PartyKind::Merchant } else { PartyKind::Customer },
                        party_name: case.complainant.clone(),
                        phone,
                        reason: if kind == ComplaintKind::Repair {
                            CallbackReason::AfterRepair
                        } else {
                            CallbackReason::AfterComplaint
                        },
                        complaint_id: Some(case.id),
                        merchant_id: case.merchant_id,
                        prospect_id: None,
                        due_at: resolved + Duration::days(3),
                        staff_id: Some(handler_id),
                        key_customer: i % 17 == 0,
                        status: if outcome.is_some() { CallbackStatus::Done } else { CallbackStatus::Open },
                        outcome,
                        customer_words: if outcome.is_some() { words } else { String::new() },
                        failed_attempts: 0,
                        created_at: resolved,
                        done_at: outcome.map(|_| step_at(position(ComplaintStep::CalledBack))),
                    },
                )?;
            }
            Ok(rows)
        })
    }

    /// Inserts a callback and attempts that agree with its status.
    pub(super) fn callback_with_attempts(&mut self, w: &Writer<'_>, mut callback: Callback) -> Result<usize> {
        let failures = match callback.status {
            CallbackStatus::Unreachable => 3,
            CallbackStatus::Done => u32::from(self.rng.u8(0..3) == 0),
            _ => u32::from(self.rng.u8(0..3)).min(2),
        };
        callback.failed_attempts = failures;
        let start = callback.created_at + Duration::hours(20);
        if callback.status == CallbackStatus::Unreachable {
            // Given up at the last failed attempt.
            callback.done_at = Some((start + Duration::hours(i64::from(failures - 1) * 5)).min(self.now));
        }
        // A reached call comes after the failed tries: they are spread before it.
        let reached_at = callback.done_at.filter(|_| callback.status == CallbackStatus::Done);
        let now = self.now;
        let created_at = callback.created_at;
        let failed_at = |n: u32| match reached_at {
            Some(done) => created_at + (done - created_at) * (n as i32 + 1) / (failures as i32 + 1),
            None => (start + Duration::hours(i64::from(n) * 5)).min(now),
        };
        w.insert_unaudited(&mut callback)?;
        let mut rows = 1;
        let failed_results = [
            AttemptResult::NoAnswer,
            AttemptResult::PoweredOff,
            AttemptResult::CannotConnect,
            AttemptResult::Forwarded,
            AttemptResult::WrongNumber,
        ];
        for n in 0..failures {
            let mut attempt = Attempt {
                id: 0,
                callback_id: callback.id,
                at: failed_at(n),
                mode: ContactMode::Phone,
                result: *self.pick(&failed_results),
                call_later_at: None,
                note: String::new(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut attempt)?;
            rows += 1;
        }
        if callback.status == CallbackStatus::Done {
            let mut attempt = Attempt {
                id: 0,
                callback_id: callback.id,
                at: callback.done_at.unwrap_or(self.now).min(self.now),
                mode: if self.chance(85) { ContactMode::Phone } else { ContactMode::Wechat },
                result: AttemptResult::Reached,
                call_later_at: None,
                note: String::new(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut attempt)?;
            rows += 1;
        }
        Ok(rows)
    }

    /// Callbacks not born of a complaint: care calls, surveys, signings, new prospects.
    pub(super) fn callbacks(&mut self) -> Result<()> {
        let count = self.plan.callbacks;
        let merchants = self.merchants.clone();
        self.batched("callbacks", count, |d, w, i| {
            let merchant = &merchants[d.rng.usize(..merchants.len())];
            let reason = [
                CallbackReason::PeriodicCare,
                CallbackReason::Survey,
                CallbackReason::AfterSigning,
                CallbackReason::AfterMoveIn,
                CallbackReason::NewProspect,
            ][i % 5];
            let age = if i % 6 == 0 { d.rng.i64(-3..4) } else { d.days_ago() };
            let created_at = d.at_day(age.max(0));
            let due_at = created_at + Duration::days(3);
            let status = if due_at > d.now || i % 9 == 0 && age < 10 {
                CallbackStatus::Open
            } else {
                match i % 20 {
                    0 => CallbackStatus::Unreachable,
                    1 => CallbackStatus::Cancelled,
                    _ => CallbackStatus::Done,
                }
            };
            let outcome = (status == CallbackStatus::Done).then_some(match i % 10 {
                0..=7 => Satisfaction::Satisfied,
                8 => Satisfaction::Neutral,
                _ => Satisfaction::Unsatisfied,
            });
            let words = outcome.map(|o| d.pick(words_for(o)).to_string()).unwrap_or_default();
            let staff_id = d.staff_with(StaffRole::Clerk).0;
            d.callback_with_attempts(
                w,
                Callback {
                    id: 0,
                    party_kind: PartyKind::Merchant,
                    party_name: format!("{}（{}）", merchant.contact, merchant.brand),
                    phone: merchant.phone.clone(),
                    reason,
                    complaint_id: None,
                    merchant_id: Some(merchant.id),
                    prospect_id: None,
                    due_at,
                    staff_id: Some(staff_id),
                    key_customer: i % 8 == 0,
                    status,
                    outcome,
                    customer_words: words,
                    failed_attempts: 0,
                    created_at,
                    done_at: outcome.map(|_| (created_at + Duration::days(2)).min(d.now)),
                },
            )
        })
    }
}

/// How a month went at the service desk, so that the months differ the way real ones do: most
/// meet the targets, a few have a dip in satisfaction or a run of slow cases.
struct MonthStory {
    satisfied_permille: u16,
    slow_percent: u8,
}

impl MonthStory {
    fn of(day: NaiveDate) -> Self {
        let month = day.year() * 12 + day.month0() as i32;
        MonthStory {
            satisfied_permille: if month % 6 == 1 { 850 } else { 995 },
            slow_percent: if month % 7 == 4 { 12 } else { 1 },
        }
    }
}

/// Whether merchant number `k` has a bad year `year`: about one merchant in 180, so the effective
/// complaint rate (merchants complained of ÷ all merchants) is mostly below its 1 % target.
fn bad_year(k: usize, year: i32) -> bool {
    (k as i64 * 31 + i64::from(year) * 17).rem_euclid(180) == 0
}

/// The steps a case of `kind` goes through when carried to its end.
fn step_path(kind: ComplaintKind, valid: Option<bool>) -> &'static [ComplaintStep] {
    use ComplaintStep::*;
    match (kind, valid) {
        (ComplaintKind::Complaint, Some(false)) => &[Received, Judged, Closed],
        (ComplaintKind::Complaint, _) => {
            &[Received, Judged, Investigating, Proposal, Resolved, CalledBack, Closed]
        }
        (ComplaintKind::Repair | ComplaintKind::Incident, _) => {
            &[Received, Investigating, Resolved, CalledBack, Closed]
        }
        (ComplaintKind::Help, _) => &[Received, Resolved, CalledBack, Closed],
        (ComplaintKind::Suggestion, _) => &[Received, Judged, Closed],
    }
}
