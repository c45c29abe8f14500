fn main() {
    // A panic is written to the browser's console with what and where. Not with
    // console_error_panic_hook: its stack of wasm function numbers says little more, and it
    // costs 1.1 KB of the gzipped wasm.
    std::panic::set_hook(Box::new(|panic| {
        web_sys::console::error_1(&panic.to_string().into());
    }));
    leptos::mount::mount_to_body(csp_desk::App);
}
