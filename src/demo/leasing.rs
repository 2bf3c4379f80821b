//! Demo staff, units, merchants, leases with their approvals, charges and payments, and the
//! leasing pipeline.

use super::*;

impl Demo<'_> {
    pub(super) fn staff(&mut self) -> Result<()> {
        // The mall's staff, then the three who sign leases last (finance, deputy GM, GM).
        let count = self.plan.staff + 3;
        let regular = self.plan.staff;
        self.batched("staff", count, |d, w, i| {
            let (role, department) = match i.checked_sub(regular) {
                Some(0) => (StaffRole::FinanceManager, Department::Finance),
                Some(1) => (StaffRole::DeputyGm, Department::Management),
                Some(_) => (StaffRole::Gm, Department::Management),
                None => match i % 7 {
                    0 | 1 => (StaffRole::Clerk, Department::Service),
                    2..=4 => (StaffRole::Leasing, Department::Leasing),
                    5 => (
                        StaffRole::Supervisor,
                        if i % 2 == 0 { Department::Service } else { Department::Operations },
                    ),
                    _ => (StaffRole::Manager, Department::Leasing),
                },
            };
            let mut staff = Staff {
                id: 0,
                name: d.person(),
                role,
                department,
                phone: Some(d.mobile()),
                active: i >= regular || i % 13 != 12,
                // Operations staff each look after a floor; the others the whole mall.
                zone: if department == Department::Operations {
                    FLOORS[i % FLOORS.len().min(4)].to_string()
                } else {
                    String::new()
                },
            };
            w.insert_unaudited(&mut staff)?;
            if staff.active {
                for step in ApproverRole::all().filter(|step| step.qualifies(role, department)) {
                    d.signers.push((step, staff.id, staff.name.clone()));
                }
            }
            d.staff.push((staff.id, staff.name, role));
            Ok(1)
        })
    }

    pub(super) fn units(&mut self) -> Result<()> {
        let count = self.plan.units;
        let per_zone = count.div_ceil(FLOORS.len() * ZONE_LETTERS.len()).max(1);
        self.batched("units", count, |d, w, i| {
            let floor = FLOORS[i / per_zone / ZONE_LETTERS.len() % FLOORS.len()];
            let letter = ZONE_LETTERS[i / per_zone % ZONE_LETTERS.len()];
            let category = d.rng.usize(..CATEGORIES.len());
            let mut unit = Unit {
                id: 0,
                code: format!("{floor}-{letter}{:02}", i % per_zone + 1),
                floor: floor.to_string(),
                zone: format!("{floor} {letter}区"),
                area_dm2: i64::from(d.rng.u32(30..300)) * 100 + i64::from(d.rng.u32(0..100)),
                category: CATEGORIES[category].0.to_string(),
            };
            w.insert_unaudited(&mut unit)?;
            d.units.push((unit.id, unit.code, unit.zone));
            Ok(1)
        })
    }

    pub(super) fn merchants(&mut self) -> Result<()> {
        let count = self.plan.merchants;
        self.batched("merchants", count, |d, w, _| {
            let category = d.rng.usize(..CATEGORIES.len());
            let brand = d.brand(category);
            let expiry = d.today + Duration::days(d.rng.i64(-60..900));
            let mut merchant = Merchant {
                id: 0,
                brand: brand.clone(),
                company: format!("{}{}{}有限公司", d.pick(CITIES), &brand, d.pick(COMPANY_KINDS)),
                contact: d.person(),
                phone: d.mobile(),
                category: CATEGORIES[category].0.to_string(),
                licence_no: Some(format!("91{:016}", d.rng.u64(0..10_000_000_000_000_000))),
                licence_expiry: Some(expiry),
            };
            w.insert_unaudited(&mut merchant)?;
            d.merchants.push(MerchantRef {
                id: merchant.id,
                brand,
                contact: merchant.contact,
                phone: merchant.phone,
                category,
                unit: None,
            });
            Ok(1)
        })
    }

    /// Active leases for most units, some in preparation, and ended ones before them; with
    /// approvals, monthly charges and payments, dunning for arrears and exit checklists.
    pub(super) fn leases(&mut self) -> Result<()> {
        let units = self.units.clone();
        let merchants = self.merchants.clone();
        let mut zones: Vec<(String, Vec<(i64, String)>)> = Vec::new();
        let count = units.len().min(merchants.len());
        self.batched("leases", count, |d, w, i| {
            let (unit_id, code, zone) = &units[i];
            let merchant = &merchants[i];
            let mut rows = 0;
            let stage = match i % 25 {
                0 => LeaseStage::Draft,
                1 => LeaseStage::LegalReview,
                2 => LeaseStage::Approved,
                _ => LeaseStage::Active,
            };
            let start = if stage == LeaseStage::Active {
                d.today - Duration::days(d.rng.i64(30..1000))
            } else {
                d.today + Duration::days(d.rng.i64(10..60))
            };
            let mut end = start + Duration::days(365 * i64::from(d.rng.u8(1..=5)));
            if end <= d.today {
                end = d.today + Duration::days(d.rng.i64(5..400));
            }
            // An earlier tenant that left (or whose lease was ended early), on a third of the units,
            // before the present lease starts.
            // Some active leases renew the merchant's earlier lease of the same unit.
            let renewal = stage == LeaseStage::Active && i % 25 == 3;
            let mut renews = None;
            if renewal {
                let earlier_start = start - Duration::days(365 * 3);
                let earlier = d.lease(
                    w,
                    merchant.id,
                    *unit_id,
                    earlier_start,
                    start - Duration::days(1),
                    LeaseStage::Renewed,
                )?;
                rows += 1 + d.approvals(w, &earlier)?;
                renews = Some(earlier.id);
            } else if i % 3 == 0 {
                let previous = &merchants[(i + count / 2 + 1) % merchants.len()];
                let earlier_start = start - Duration::days(d.rng.i64(1100..2200));
                let earlier_end = (earlier_start + Duration::days(365 * 3)).min(start - Duration::days(1));
                let earlier_stage = [LeaseStage::Exited, LeaseStage::Terminated][i / 3 % 2];
                let lease = d.lease(w, previous.id, *unit_id, earlier_start, earlier_end, earlier_stage)?;
                rows += 1 + d.approvals(w, &lease)?;
                if earlier_stage == LeaseStage::Exited {
                    let done = Some(earlier_end);
                    let mut checklist = ExitChecklist {
                        id: 0,
                        lease_id: lease.id,
                        notice_given_on: Some(earlier_end - Duration::days(60)),
                        charges_settled_on: done,
                        deposit_refunded_on: done.map(|e| e + Duration::days(10)),
                        unit_inspected_on: done,
                        note: "已验收，押金已退".into(),
                        deposit_held_fen: lease.deposit_fen,
                        deposit_refunded_fen: Some(lease.deposit_fen),
                    };
                    w.insert_unaudited(&mut checklist)?;
                    rows += 1;
                }
            }
            let lease = d.lease(w, merchant.id, *unit_id, start, end, stage)?;
            if renews.is_some() {
                w.conn().execute(
                    "UPDATE leases SET renews_lease_id = ? WHERE id = ?",
                    rusqlite::params![renews, lease.id],
                )?;
            }
            if stage == LeaseStage::Active {
                d.merchants[i].unit = Some((*unit_id, start));
            }
            rows += 1;
            if matches!(stage, LeaseStage::Approved | LeaseStage::Active) {
                rows += d.approvals(w, &lease)?;
            }
            if stage == LeaseStage::Active {
                rows += d.charges(w, &lease)?;
                match zones.iter_mut().find(|(z, _)| z == zone) {
                    Some((_, list)) => list.push((merchant.id, format!("{} {code}", merchant.brand))),
                    None => {
                        zones.push((zone.clone(), vec![(merchant.id, format!("{} {code}", merchant.brand))]))
                    }
                }
            }
            Ok(rows)
        })?;
        self.active_by_zone = zones;
        Ok(())
    }

    pub(super) fn lease(
        &mut self,
        w: &Writer<'_>,
        merchant_id: i64,
        unit_id: i64,
        start: NaiveDate,
        end: NaiveDate,
        stage: LeaseStage,
    ) -> Result<Lease> {
        let rent_per_m2 = i64::from(self.rng.u32(80..400));
        let area_m2 = i64::from(self.rng.u32(30..300));
        let mut lease = Lease {
            id: 0,
            number: String::new(),
            merchant_id,
            unit_id,
            prospect_id: None,
            start_date: start,
            end_date: end,
            monthly_rent_fen: rent_per_m2 * area_m2 * 100,
            management_fee_fen: 25 * area_m2 * 100,
            deposit_fen: rent_per_m2 * area_m2 * 300,
            payment_day: self.rng.u8(1..=28),
            stage,
            renews_lease_id: None,
        };
        w.insert_unaudited(&mut lease)?;
        Ok(lease)
    }

    pub(super) fn approvals(&mut self, w: &Writer<'_>, lease: &Lease) -> Result<usize> {
        let signed = mall_zone()
            .from_local_datetime(
                &(lease.start_date - Duration::days(20))
                    .and_time(NaiveTime::from_hms_opt(15, 0, 0).expect("valid")),
            )
            .single()
            .expect("fixed offset")
            .with_timezone(&Utc)
            .min(self.now);
        // Signatures are given while the lease is being approved; it then takes its stage.
        let chain = w.settings().leasing.approval_chain.clone();
        w.conn().execute("UPDATE leases SET stage = 'draft' WHERE id = ?", [lease.id])?;
        let mut signed_by: Vec<i64> = Vec::new();
        for (step, role) in chain.iter().enumerate() {
            let candidates: Vec<(i64, String)> = self
                .signers
                .iter()
                .filter(|(r, id, _)| r == role && !signed_by.contains(id))
                .map(|(_, id, name)| (*id, name.clone()))
                .collect();
            let (staff_id, name) = candidates[self.rng.usize(..candidates.len())].clone();
            signed_by.push(staff_id);
            let mut approval = Approval {
                id: 0,
                lease_id: lease.id,
                role: *role,
                staff_id: Some(staff_id),
                approver: name,
                at: (signed + Duration::hours(step as i64 * 20)).min(self.now),
                decision: ApprovalDecision::Approved,
                note: String::new(),
            };
            w.insert_unaudited(&mut approval)?;
        }
        w.conn().execute(
            "UPDATE leases SET stage = ? WHERE id = ?",
            rusqlite::params![lease.stage.code(), lease.id],
        )?;
        Ok(chain.len())
    }

    pub(super) fn charges(&mut self, w: &Writer<'_>, lease: &Lease) -> Result<usize> {
        let mut rows = 0;
        let mut arrears = false;
        // Most merchants pay on time; a few are a month behind, and a very few owe several
        // months — the arrears a supervisor chases, not half the mall.
        let behind_months = match self.rng.u8(0..100) {
            0..=86 => 0,
            87..=95 => 1,
            _ => self.rng.u32(2..5),
        };
        let mut past_due_months = 0;
        for back in 0..self.plan.charge_months {
            let month = self.today.with_day(1).expect("day 1") - chrono::Months::new(back);
            if month < lease.start_date.with_day(1).expect("day 1") {
                break;
            }
            let due = month.with_day(u32::from(lease.payment_day)).expect("day ≤ 28");
            let behind = due < self.today && past_due_months < behind_months;
            if due < self.today {
                past_due_months += 1;
            }
            for (kind, amount) in [
                (ChargeKind::Rent, lease.monthly_rent_fen),
                (ChargeKind::ManagementFee, lease.management_fee_fen),
            ] {
                let mut charge = Charge {
                    id: 0,
                    lease_id: lease.id,
                    period: month.format("%Y-%m").to_string(),
                    kind,
                    amount_fen: amount,
                    due_date: due,
                };
                w.insert_unaudited(&mut charge)?;
                rows += 1;
                let paid = match (due < self.today, behind, self.rng.u8(0..100)) {
                    (false, ..) => 0,
                    (true, true, 0..=69) => 0,
                    (true, true, _) => amount / 2,
                    (true, false, _) => amount,
                };
                if paid < amount && due < self.today {
                    arrears = true;
                }
                if paid > 0 {
                    let method = *self.pick(&[
                        PaymentMethod::BankTransfer,
                        PaymentMethod::Wechat,
                        PaymentMethod::Alipay,
                        PaymentMethod::Cash,
                    ]);
                    let mut payment = Payment {
                        id: 0,
                        charge_id: charge.id,
                        amount_fen: paid,
                        paid_on: (due - Duration::days(self.rng.i64(0..5))).min(self.today),
                        method,
                        receipt_no: format!("SJ{}{:06}", month.format("%Y%m"), charge.id),
                    };
                    w.insert_unaudited(&mut payment)?;
                    rows += 1;
                }
            }
        }
        if arrears {
            let mut dunning = Dunning {
                id: 0,
                lease_id: lease.id,
                at: {
                    let days = self.rng.i64(0..10);
                    self.at_day(days)
                },
                mode: *self.pick(&[DunningMode::Phone, DunningMode::Sms, DunningMode::Letter]),
                note: "提醒尽快缴清欠费".into(),
                operator: self.staff_with(StaffRole::Clerk).1,
            };
            w.insert_unaudited(&mut dunning)?;
            rows += 1;
        }
        Ok(rows)
    }

    pub(super) fn prospects(&mut self) -> Result<()> {
        let count = self.plan.prospects;
        let merchants = self.merchants.clone();
        self.batched("prospects", count, |d, w, i| {
            let category = d.rng.usize(..CATEGORIES.len());
            let age = if i % 8 == 0 { d.rng.i64(0..20) } else { d.days_ago() };
            let registered_at = d.at_day(age);
            let stage = match (age, i % 10) {
                (0..=10, 0..=5) => ProspectStage::Potential,
                (0..=10, _) | (_, 0..=1) => ProspectStage::Intent,
                (_, 2..=3) => ProspectStage::Negotiating,
                (_, 4..=5) => ProspectStage::Signed,
                (_, 6..=8) => ProspectStage::Lost,
                _ => ProspectStage::Potential,
            };
            let (staff_id, staff_name) = d.staff_with(StaffRole::Leasing);
            let source = SourceChannel::all().nth(d.rng.usize(..7)).expect("seven channels");
            let min_m2 = i64::from(d.rng.u32(30..200));
            let mut prospect = Prospect {
                id: 0,
                brand: d.brand(category),
                company: if d.chance(70) {
                    format!("{}{}有限公司", d.pick(CITIES), d.pick(COMPANY_KINDS))
                } else {
                    String::new()
                },
                contact: d.person(),
                phone: d.mobile(),
                category: CATEGORIES[category].0.to_string(),
                area_min_dm2: Some(min_m2 * 100),
                area_max_dm2: Some((min_m2 + i64::from(d.rng.u32(10..150))) * 100),
                wanted_floor: d.pick(FLOORS).to_string(),
                wanted_zone: String::new(),
                budget_fen: Some(i64::from(d.rng.u32(1..20)) * 1_000_000),
                source,
                staff_id: Some(staff_id),
                stage,
                lost_reason: (stage == ProspectStage::Lost).then(|| d.pick(LOST_REASONS).to_string()),
                // Never before the day after registration.
                next_follow_up: matches!(stage, ProspectStage::Intent | ProspectStage::Negotiating).then(|| {
                    (d.today + Duration::days(d.rng.i64(-5..14)))
                        .max(mall_day(registered_at) + Duration::days(1))
                }),
                notes: String::new(),
                registered_at,
                first_contact_at: None,
                merchant_id: (stage == ProspectStage::Signed).then(|| merchants[i % merchants.len()].id),
            };
            // A signed prospect is the merchant it became: same brand, contact and trade.
            if let Some(merchant) = prospect.merchant_id.map(|_| &merchants[i % merchants.len()]) {
                prospect.brand = merchant.brand.clone();
                prospect.contact = merchant.contact.clone();
                prospect.phone = merchant.phone.clone();
                prospect.category = CATEGORIES[merchant.category].0.to_string();
            }
            w.insert_unaudited(&mut prospect)?;
            if let Some(merchant_id) = prospect.merchant_id {
                // The deal's lease: the merchant's latest lease not yet tied to a deal.
                w.conn().execute(
                    "UPDATE leases SET prospect_id = ?1 WHERE id = (SELECT id FROM leases
                     WHERE merchant_id = ?2 AND prospect_id IS NULL ORDER BY start_date DESC, id DESC LIMIT 1)",
                    [prospect.id, merchant_id],
                )?;
            }
            let mut rows = 1;
            // Some new prospects are still waiting for their first contact.
            let contacts =
                if stage == ProspectStage::Potential && i % 3 == 0 { 0 } else { d.rng.usize(1..4) };
            for n in 0..contacts {
                let at = (registered_at + Duration::hours(d.rng.i64(2..72) + n as i64 * 96)).min(d.now);
                let mode = InteractionMode::all().nth(d.rng.usize(..6)).expect("six modes");
                let mut interaction = Interaction {
                    id: 0,
                    prospect_id: prospect.id,
                    at,
                    mode,
                    summary: d.pick(INTERACTION_SUMMARIES).to_string(),
                    next_step: d.pick(NEXT_STEPS).to_string(),
                    staff_id: Some(staff_id),
                };
                w.insert_unaudited(&mut interaction)?;
                rows += 1;
            }
            let path: &[ProspectStage] = match stage {
                ProspectStage::Potential => &[],
                ProspectStage::Intent => &[ProspectStage::Intent],
                ProspectStage::Negotiating => &[ProspectStage::Intent, ProspectStage::Negotiating],
                ProspectStage::Signed => {
                    &[ProspectStage::Intent, ProspectStage::Negotiating, ProspectStage::Signed]
                }
                ProspectStage::Lost => &[ProspectStage::Intent, ProspectStage::Lost],
            };
            let mut from = ProspectStage::Potential;
            for (n, to) in path.iter().enumerate() {
                let mut step = StageMove {
                    id: 0,
                    prospect_id: prospect.id,
                    from_stage: from,
                    to_stage: *to,
                    at: (registered_at + Duration::days(3 + 7 * n as i64)).min(d.now),
                    operator: staff_name.clone(),
                    reason: prospect
                        .lost_reason
                        .clone()
                        .filter(|_| *to == ProspectStage::Lost)
                        .unwrap_or_default(),
                };
                w.insert_unaudited(&mut step)?;
                from = *to;
                rows += 1;
            }
            Ok(rows)
        })
    }
}
