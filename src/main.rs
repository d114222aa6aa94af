// mimalloc, as ruff and uv use it: a corpus run allocates and frees a few small buffers per finding and
// per line, and glibc's allocator spent about 9 % of the mispredicted branches on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kintsugi::cli::main()
}
