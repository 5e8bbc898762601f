//! Keeping bills: the sandbox history account gives a cadence, a forecast, a price change and an
//! unusual bill; health says what is wrong and what fixes it; the calendar and the chart have
//! their data; the ICS export is read back by a real iCalendar parser.
#![allow(clippy::unwrap_used)] // a panic in a test helper is a failed test

mod common;

use billkeep_core::anomaly::BillFlag;
use billkeep_core::bills::{BillFilter, BillOrder, ExportFormat};
use billkeep_core::cadence::Cadence;
use billkeep_core::calendar::EntryKind;
use billkeep_core::forecast::Basis;
use billkeep_core::health::{Fix, Health};
use billkeep_core::reminders::Due;
use icalendar::{CalendarComponent, Component, DatePerhapsTime, EventStatus};

const HISTORY: &str = "5555555555";

#[tokio::test]
async fn the_history_account_forecasts_flags_and_exports() {
    let dir = common::scratch("keeping");
    let b = common::open(&dir, common::keyring("keeping"));
    let history = b
        .sandbox_link("test_electric_company", HISTORY, None)
        .await
        .unwrap();
    b.sync(None, false, |_| {}).await.unwrap();
    let bills = b
        .bills(&BillFilter {
            link: Some(history.id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bills.len(), 24);
    let newest = bills.iter().map(|x| x.due_date).max().unwrap();

    let overview = b.overview().unwrap();
    let account = overview
        .accounts
        .iter()
        .find(|a| a.link == history.id)
        .unwrap();
    assert_eq!(account.health.health, Health::Ok, "{:?}", account.health);
    assert_eq!(account.health.fix, Fix::None);
    let next = account.next_due.as_ref().unwrap();
    assert_eq!(next.due_date, newest);

    // The forecast: monthly on the account's day, off weekends, after the newest bill, with
    // last year's season.
    let forecast = account.forecast.as_ref().unwrap();
    assert!(
        matches!(
            forecast.cadence,
            Cadence::Months {
                months: 1,
                avoids_weekends: true,
                ..
            }
        ),
        "{forecast:?}"
    );
    assert!(forecast.due_date > newest);
    assert!((25..=35).contains(&(forecast.due_date - newest).whole_days()));
    assert_eq!(forecast.amount.basis, Basis::LastYear);
    assert!(
        forecast.amount.low < forecast.amount.expected
            && forecast.amount.expected < forecast.amount.high
    );
    assert_eq!(forecast.based_on, 24);

    // The price increase (the 15th statement) and the unusual bill (the 21st) stand out; the
    // seasons do not.
    let mine: Vec<_> = overview
        .flagged
        .iter()
        .filter(|f| f.link == history.id)
        .collect();
    let mut sorted = bills.clone();
    sorted.sort_by_key(|x| x.due_date);
    let price = mine
        .iter()
        .find(|f| f.bill_id == sorted[14].bill_id)
        .expect("the price increase is flagged");
    assert!(price.flags.iter().any(
        |f| matches!(f, BillFlag::PriceChanged { item, .. } if item == "Distribution charge")
    ));
    let unusual = mine
        .iter()
        .find(|f| f.bill_id == sorted[20].bill_id)
        .expect("the unusual bill is flagged");
    assert!(
        unusual.reasons[0].contains("% above your usual for"),
        "{:?}",
        unusual.reasons
    );
    assert!(
        mine.len() <= 3,
        "seasons are not anomalies: {:#?}",
        mine.iter().map(|f| &f.reasons).collect::<Vec<_>>()
    );

    // The calendar shows the bill in its month and the expected one in its own.
    let calendar = b.calendar(newest.year(), newest.month() as u8).unwrap();
    assert!(calendar.entries.iter().any(|e| e.date == newest
        && matches!(&e.kind, EntryKind::Bill { bill_id, .. } if *bill_id == next.bill_id)));
    let later = b
        .calendar(forecast.due_date.year(), forecast.due_date.month() as u8)
        .unwrap();
    assert!(later
        .entries
        .iter()
        .any(|e| e.date == forecast.due_date && matches!(e.kind, EntryKind::Expected { .. })));
    assert!(b.calendar(2026, 13).is_err());

    // The chart: 24 points and the band after them; the flagged one is marked.
    let chart = b.chart(Some(history.id)).unwrap().unwrap();
    assert_eq!(chart.points.len(), 24);
    assert_eq!(chart.currency, "USD");
    assert!(chart.points.iter().filter(|p| p.flagged).count() >= 2);
    assert_eq!(chart.forecast.as_ref().unwrap().date, forecast.due_date);
    let all = b.chart(None).unwrap().unwrap();
    assert_eq!(all.points.len(), 24, "one total per month");

    // ICS: read back by a real parser; stable UIDs; all-day; a reminder per lead time; the
    // expected bill tentative.
    let text = b.export(ExportFormat::Ics).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let unfolded = icalendar::parser::unfold(&text);
    let parsed = icalendar::parser::read_calendar(&unfolded).unwrap();
    let calendar: icalendar::Calendar = parsed.into();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 2, "the pending bill and the expected one");
    let confirmed = events
        .iter()
        .find(|e| e.get_status() == Some(EventStatus::Confirmed))
        .unwrap();
    assert_eq!(
        confirmed.get_start(),
        Some(DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(
                newest.year(),
                newest.month() as u32,
                newest.day().into()
            )
            .unwrap()
        ))
    );
    assert!(confirmed
        .get_summary()
        .unwrap()
        .starts_with("Test Electric Company: "));
    assert_eq!(
        confirmed.components().len(),
        3,
        "one alarm per lead time (7, 3, 0)"
    );
    let tentative = events
        .iter()
        .find(|e| e.get_status() == Some(EventStatus::Tentative))
        .unwrap();
    assert!(tentative.get_summary().unwrap().contains("(expected)"));
    let again = b.export(ExportFormat::Ics).unwrap();
    let uids = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        uids(&text),
        uids(&again),
        "importing again updates, never duplicates"
    );
    b.shutdown().await;
}

#[tokio::test]
async fn health_is_ok_only_when_synced_and_nothing_is_overdue() {
    let dir = common::scratch("health");
    let b = common::open(&dir, common::keyring("health"));
    let fine = b
        .sandbox_link("test_electric_company", "4242424242", None)
        .await
        .unwrap();
    let late = b
        .sandbox_link("test_gas_company", "4000000005", None)
        .await
        .unwrap();
    let failing = b
        .sandbox_link("test_water_utility", "4000000009", None)
        .await
        .unwrap();
    let never = b.overview().unwrap();
    assert!(never
        .accounts
        .iter()
        .filter(|a| a.link != late.id)
        .all(|a| matches!(a.health.health, Health::Stale { since: None })));
    b.sync(None, false, |_| {}).await.unwrap();
    let overview = b.overview().unwrap();
    let of = |id: i64| {
        overview
            .accounts
            .iter()
            .find(|a| a.link == id)
            .unwrap()
            .health
            .clone()
    };
    assert_eq!(of(fine.id).health, Health::Ok);
    let overdue = of(late.id);
    assert!(
        matches!(overdue.health, Health::Overdue { bills: 1, .. }),
        "{overdue:?}"
    );
    assert_eq!(overdue.fix, Fix::Pay);
    assert!(
        overdue.summary.starts_with("1 bill overdue since "),
        "{}",
        overdue.summary
    );
    let failed = of(failing.id);
    assert!(
        matches!(failed.health, Health::SyncFailed { .. }),
        "{failed:?}"
    );
    assert_eq!(failed.fix, Fix::Sync);
    assert!(
        failed.summary.contains("BILLER_TIMEOUT"),
        "{}",
        failed.summary
    );

    // This month: the overdue amount, and the pending bill within the next 30 days.
    let month = &overview.month;
    assert_eq!(month.overdue.len(), 1);
    assert!(month
        .next_30_days
        .iter()
        .any(|x| x.link == fine.id && x.status == "PENDING"));
    b.shutdown().await;
}

#[tokio::test]
async fn the_overview_read_one_account_at_a_time_equals_the_one_built_from_every_bill() {
    let dir = common::scratch("keeping-streamed");
    let b = common::open(&dir, common::keyring("keeping-streamed"));
    // Histories of different billers (seasons, a price change, an unusual bill each), one
    // documented account, and one never synced (no bills at all).
    for (biller, number) in [
        ("test_water_utility", "5550004321"),
        ("test_electric_company", HISTORY),
        ("test_electric_company", "4242424242"),
        ("test_gas_company", "5550001234"),
    ] {
        b.sandbox_link(biller, number, None).await.unwrap();
    }
    b.sync(None, false, |_| {}).await.unwrap();
    b.sandbox_link("test_electric_company", "5550009999", None)
        .await
        .unwrap();

    let streamed = b.overview().unwrap();
    let built = billkeep_core::overview::build(
        &b.links().unwrap(),
        &b.bills(&BillFilter::default()).unwrap(),
        time::OffsetDateTime::now_utc(),
        billkeep_core::clock::today_local(),
    );
    assert_eq!(streamed.accounts.len(), 5);
    assert!(
        !streamed.flagged.is_empty(),
        "the histories have unusual bills"
    );
    assert!(!streamed.month.next_30_days.is_empty());
    assert_eq!(streamed, built);

    // The calendar, read the same way, against one made from every bill: past months (bills),
    // this one and the next ones (forecasts of accounts whose bill is not issued yet).
    let links = b.links().unwrap();
    let all = b.bills(&BillFilter::default()).unwrap();
    let forecasts = billkeep_core::forecast::of_links(&links, &all);
    let names = billkeep_core::calendar::biller_names(&links);
    let today = billkeep_core::clock::today_local();
    let mut forecast_seen = false;
    for back in -3..=12 {
        let first = today.replace_day(1).unwrap();
        let day = first - time::Duration::days(31 * back);
        let (year, month) = (day.year(), day.month());
        let read = b.calendar(year, month as u8).unwrap();
        let made = billkeep_core::calendar::month(&all, &forecasts, &names, year, month, today);
        assert_eq!(read, made, "{year}-{month}");
        forecast_seen |= read
            .entries
            .iter()
            .any(|e| matches!(e.kind, billkeep_core::calendar::EntryKind::Expected { .. }));
    }
    assert!(forecast_seen, "some month shows an expected bill");
}

#[tokio::test]
async fn pages_and_summaries_read_in_sql_equal_the_whole_list() {
    let dir = common::scratch("keeping-pages");
    let b = common::open(&dir, common::keyring("keeping-pages"));
    for (biller, number) in [
        ("test_electric_company", HISTORY),
        ("test_electric_company", "4242424242"),
        ("test_electric_company", "4000000005"),
        ("test_water_utility", "5550004321"),
    ] {
        b.sandbox_link(biller, number, None).await.unwrap();
    }
    b.sync(None, false, |_| {}).await.unwrap();
    let all = b.bills(&BillFilter::default()).unwrap();
    assert!(all.len() > 40, "{} bills", all.len());

    for unpaid in [false, true] {
        for order in [BillOrder::Newest, BillOrder::Soonest] {
            let filter = BillFilter {
                unpaid,
                ..Default::default()
            };
            // The whole list, in the order asked for, from every bill.
            let mut want: Vec<_> = all
                .iter()
                .filter(|x| !unpaid || x.due != Due::Settled)
                .cloned()
                .collect();
            want.sort_by(|x, y| match order {
                BillOrder::Newest => y.due_date.cmp(&x.due_date).then(x.bill_id.cmp(&y.bill_id)),
                BillOrder::Soonest => x.due_date.cmp(&y.due_date).then(x.bill_id.cmp(&y.bill_id)),
            });
            // …and read seven at a time: every bill once, in order, each page knowing the total.
            let mut read = Vec::new();
            for offset in (0..want.len() as u32 + 7).step_by(7) {
                let page = b.bill_page(&filter, order, offset, 7).unwrap();
                assert_eq!(page.total as usize, want.len());
                read.extend(page.bills);
            }
            assert_eq!(read, want, "unpaid {unpaid}, {order:?}");

            // The heading of that list, added up in SQL, equals the one added up from its bills.
            let summary = b.bill_summary(&filter).unwrap();
            assert_eq!(summary.count as usize, want.len());
            let soon = want
                .iter()
                .filter(|x| matches!(x.due, Due::Overdue | Due::Soon))
                .count();
            assert_eq!(summary.due_soon as usize, soon);
            let mut totals = std::collections::BTreeMap::<String, i64>::new();
            for x in &want {
                *totals.entry(x.currency.clone()).or_default() += x.amount;
            }
            let sums: Vec<_> = summary
                .totals
                .iter()
                .map(|t| (t.currency.clone(), t.amount))
                .collect();
            assert_eq!(sums, totals.into_iter().collect::<Vec<_>>());
        }
    }
    let unpaid = b
        .bill_summary(&BillFilter {
            unpaid: true,
            ..Default::default()
        })
        .unwrap();
    assert!(unpaid.due_soon >= 1, "the overdue account's bill");
    // A filter that matches nothing adds up to nothing.
    let none = b
        .bill_summary(&BillFilter {
            unpaid: true,
            status: Some(billerapi::bills::BillStatus::Paid),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(none, Default::default());
}
