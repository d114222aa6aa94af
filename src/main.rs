fn main() -> std::process::ExitCode {
    kintsugi::cli::main()
}
