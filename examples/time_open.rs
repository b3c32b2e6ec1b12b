use qari::app::{App, AppOptions};
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let t = std::time::Instant::now();
    let a = qari::model::load::load_path(std::path::Path::new(&p)).unwrap();
    eprintln!("load {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let d = qari::text::document_direction(&a);
    eprintln!("direction {:?} {:?}", t.elapsed(), d);
    let t = std::time::Instant::now();
    let opts = AppOptions {
        max_width: 80,
        layout: Default::default(),
        ui_lang: None,
        bidi_note: String::new(),
    };
    let mut app = App::new(a, opts, (120, 35));
    eprintln!("App::new {:?}", t.elapsed());
    let t = std::time::Instant::now();
    qari::app::update(&mut app, qari::app::Action::Down);
    eprintln!("j {:?}", t.elapsed());
    let t = std::time::Instant::now();
    qari::app::update(&mut app, qari::app::Action::Bottom);
    eprintln!("G {:?}", t.elapsed());
    let t = std::time::Instant::now();
    qari::app::update(&mut app, qari::app::Action::Resize(100, 30));
    eprintln!("resize {:?}", t.elapsed());
    let t = std::time::Instant::now();
    app.finish_measuring();
    eprintln!("measure {:?}", t.elapsed());
    let t = std::time::Instant::now();
    drop(app);
    eprintln!("drop {:?}", t.elapsed());
}
