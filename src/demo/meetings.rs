//! Demo meetings with agenda, roster and action items.

use super::*;

impl Demo<'_> {
    pub(super) fn meetings(&mut self) -> Result<()> {
        let count = self.plan.meetings;
        let zones = std::mem::take(&mut self.active_by_zone);
        let every_merchant: Vec<(i64, String)> =
            zones.iter().flat_map(|(_, list)| list.iter().cloned()).collect();
        let per_day = count.div_ceil(self.plan.days as usize).max(1);
        self.batched("meetings", count, |d, w, i| {
            // Upcoming meetings first (the next week), then back in time.
            let days_back = (i / per_day) as i64 - 7;
            let day = d.today - Duration::days(days_back);
            // The first briefing on the first of the month is for every zone.
            let all_hands = day.day() == 1 && i % per_day == 0;
            let kind = match i % 12 {
                10 => MeetingKind::WeeklyJoint,
                11 if i % 24 == 11 => MeetingKind::MonthlyCoordination,
                11 => MeetingKind::InvestmentConference,
                _ => MeetingKind::MorningBriefing,
            };
            let briefing = kind == MeetingKind::MorningBriefing;
            let zone =
                (briefing && !all_hands && !zones.is_empty()).then(|| zones[i % zones.len()].0.clone());
            let time =
                if briefing { NaiveTime::from_hms_opt(8, 45, 0) } else { NaiveTime::from_hms_opt(14, 0, 0) }
                    .expect("valid");
            let starts_at = mall_zone()
                .from_local_datetime(&day.and_time(time))
                .single()
                .expect("fixed offset")
                .with_timezone(&Utc);
            let past = starts_at < d.now;
            let mut meeting = Meeting {
                id: 0,
                kind,
                starts_at,
                zone: zone.clone(),
                host: d.staff_with(StaffRole::Supervisor).1,
                duration_min: if briefing { 15 } else { 60 },
                minutes: if past {
                    "传达商场近期活动安排，强调消防通道畅通。".into()
                } else {
                    String::new()
                },
                series_id: None,
            };
            w.insert_unaudited(&mut meeting)?;
            let mut rows = 1;
            for (position, topic) in [
                AgendaTopic::MallEvents,
                AgendaTopic::InspectionFindings,
                AgendaTopic::RuleCompliance,
                AgendaTopic::UpcomingActivities,
            ]
            .into_iter()
            .enumerate()
            {
                let mut item = AgendaItem {
                    id: 0,
                    meeting_id: meeting.id,
                    position: position as u32 + 1,
                    topic,
                    text: String::new(),
                };
                w.insert_unaudited(&mut item)?;
                rows += 1;
            }
            if briefing {
                let roster: &[(i64, String)] = match &zone {
                    Some(z) => {
                        zones.iter().find(|(name, _)| name == z).map(|(_, l)| l.as_slice()).unwrap_or(&[])
                    }
                    None => &every_merchant,
                };
                for (position, (merchant_id, name)) in roster.iter().enumerate() {
                    let status = if !past {
                        AttendanceStatus::Expected
                    } else if position == 2 && i % 4 == 0 {
                        // Now and then a briefing is disturbed.
                        AttendanceStatus::Disruptive
                    } else {
                        match d.rng.u8(0..100) {
                            0..=79 => AttendanceStatus::Present,
                            80..=87 => AttendanceStatus::Late,
                            88..=90 => AttendanceStatus::LeftEarly,
                            91..=94 => AttendanceStatus::Excused,
                            95..=98 => AttendanceStatus::Unexcused,
                            _ => AttendanceStatus::Disruptive,
                        }
                    };
                    let present = matches!(
                        status,
                        AttendanceStatus::Present
                            | AttendanceStatus::Late
                            | AttendanceStatus::LeftEarly
                            | AttendanceStatus::Disruptive
                    );
                    let mut line = Attendance {
                        id: 0,
                        meeting_id: meeting.id,
                        merchant_id: Some(*merchant_id),
                        staff_id: None,
                        expected_name: name.clone(),
                        attendee_name: if present { d.person() } else { String::new() },
                        status,
                        penalty_tenths: w.settings().penalties().tenths(status),
                        note: String::new(),
                    };
                    w.insert_unaudited(&mut line)?;
                    rows += 1;
                }
            }
            if past && i % 3 == 0 {
                let mut action = ActionItem {
                    id: 0,
                    meeting_id: meeting.id,
                    text: "整改巡场发现的问题".into(),
                    owner: d.person(),
                    due_date: Some(day + Days::new(7)),
                    status: if days_back > 14 { ActionStatus::Done } else { ActionStatus::Open },
                    result: if days_back > 14 { "已整改".into() } else { String::new() },
                };
                w.insert_unaudited(&mut action)?;
                rows += 1;
            }
            Ok(rows)
        })
    }
}
