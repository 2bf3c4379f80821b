//! Store speed on the `large` demo database (DOMAIN.md's ten-year size): open, first and next
//! page of each family's default list, a filtered count, and Chinese / phone searches.
//!
//! The database is `MALLDESK_BENCH_DB`, else `target/bench/large.db`, generated on first use
//! (`malldesk demo --size large`, a few minutes). Run: `cargo bench --bench store`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::Bencher;
use malldesk::domain::callback::{Callback, CallbackStatus};
use malldesk::domain::complaint::Complaint;
use malldesk::domain::lease::Lease;
use malldesk::domain::meeting::Meeting;
use malldesk::domain::merchant::Merchant;
use malldesk::domain::prospect::{Prospect, ProspectStage};
use malldesk::domain::unit::Unit;
use malldesk::store::callbacks::CallbackFilter;
use malldesk::store::complaints::ComplaintFilter;
use malldesk::store::prospects::ProspectFilter;
use malldesk::store::{Entity, PageRequest, Store};

const PAGE: usize = 50;

fn database() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = std::env::var_os("MALLDESK_BENCH_DB")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/large.db"));
        if !path.exists() {
            eprintln!("generating the large demo database at {} …", path.display());
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_malldesk"))
                .args(["demo", "--size", "large", "--db"])
                .arg(&path)
                .status()
                .expect("malldesk runs");
            assert!(status.success(), "the large demo was not made");
        }
        path
    })
}

fn store() -> Store {
    Store::open_read_only(database()).expect("open the bench database")
}

fn main() {
    database();
    divan::main();
}

#[divan::bench]
fn open_read_only() -> Store {
    store()
}

#[divan::bench(types = [Prospect, Lease, Complaint, Callback, Meeting, Merchant, Unit])]
fn first_page<E: Entity>(bencher: Bencher) {
    let store = store();
    bencher.bench_local(|| store.repo::<E>().page(&Default::default(), &PageRequest::first(PAGE)).unwrap());
}

#[divan::bench(types = [Prospect, Lease, Complaint, Callback, Meeting, Merchant, Unit])]
fn next_page<E: Entity>(bencher: Bencher) {
    let store = store();
    let repo = store.repo::<E>();
    // A page deep in the list: the tenth.
    let mut page = repo.page(&Default::default(), &PageRequest::first(PAGE)).unwrap();
    for _ in 0..9 {
        page = repo.page(&Default::default(), &page.next().unwrap()).unwrap();
    }
    let next = page.next().unwrap();
    bencher.bench_local(|| repo.page(&Default::default(), &next).unwrap());
}

#[divan::bench]
fn count_open_complaints(bencher: Bencher) {
    let store = store();
    let filter = ComplaintFilter { open_only: true, ..Default::default() };
    bencher.bench_local(|| store.repo::<Complaint>().count(&filter).unwrap());
}

#[divan::bench]
fn count_open_callbacks(bencher: Bencher) {
    let store = store();
    let filter = CallbackFilter { status: Some(CallbackStatus::Open), ..Default::default() };
    bencher.bench_local(|| store.repo::<Callback>().count(&filter).unwrap());
}

#[divan::bench]
fn first_page_prospects_in_negotiation(bencher: Bencher) {
    let store = store();
    let filter = ProspectFilter { stage: Some(ProspectStage::Negotiating), ..Default::default() };
    bencher.bench_local(|| store.repo::<Prospect>().page(&filter, &PageRequest::first(PAGE)).unwrap());
}

#[divan::bench(args = ["要求退换", "电梯", "扶梯停运无人处理", "138", "退", "梯"])]
fn search_complaints_first_page(bencher: Bencher, text: &str) {
    let store = store();
    let filter = ComplaintFilter { text: text.to_string(), ..Default::default() };
    bencher.bench_local(|| store.repo::<Complaint>().page(&filter, &PageRequest::first(PAGE)).unwrap());
}

#[divan::bench]
fn search_merchants_by_brand(bencher: Bencher) {
    let store = store();
    let filter = malldesk::store::merchants::MerchantFilter { text: "咖啡".into(), ..Default::default() };
    bencher.bench_local(|| store.repo::<Merchant>().page(&filter, &PageRequest::first(PAGE)).unwrap());
}

#[divan::bench(args = ["退", "梯", "要求退换"])]
fn count_complaints_matching(bencher: Bencher, text: &str) {
    let store = store();
    let filter = ComplaintFilter { text: text.to_string(), ..Default::default() };
    bencher.bench_local(|| store.repo::<Complaint>().count(&filter).unwrap());
}

#[divan::bench(args = ["退", "梯"])]
fn search_open_complaints_by_deadline(bencher: Bencher, text: &str) {
    let store = store();
    let filter = ComplaintFilter { text: text.to_string(), by_deadline: true, ..Default::default() };
    bencher.bench_local(|| store.repo::<Complaint>().page(&filter, &PageRequest::first(PAGE)).unwrap());
}

/// The list's count while searching: exact up to 1,000, then "1,000+".
#[divan::bench(args = ["退", "梯", "要求退换"])]
fn count_for_list_matching(bencher: Bencher, text: &str) {
    let store = store();
    let filter = ComplaintFilter { text: text.to_string(), by_deadline: true, ..Default::default() };
    bencher.bench_local(|| store.repo::<Complaint>().count_for_list(&filter).unwrap());
}
