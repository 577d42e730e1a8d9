# Shared by scripts/setup and scripts/test: the pinned tool versions and how
# they are installed (each into a folder of its own under $TOOLS, so several
# versions of mdBook live side by side). Sourced, not run.

MDBOOK_05=0.5.4
MDBOOK_04=0.4.52
MDBOOK_TOC=0.15.4
MDBOOK_MERMAID=0.17.1
TOOLS="${DEEPDIVE_TOOLS:-$HOME/.local/deepdive-tools}"

if ! command -v cargo >/dev/null; then
    echo "error: cargo is missing; install Rust from https://rustup.rs first" >&2
    exit 1
fi

# install_tool NAME VERSION [cargo install flags...]: installs the crate's
# binaries into $TOOLS/NAME-VERSION unless they are there already.
install_tool() {
    local name=$1 version=$2 root="$TOOLS/$1-$2"
    shift 2
    if [ -x "$root/bin/$name" ]; then
        return
    fi
    echo "setup: installing $name $version into $root"
    cargo install --locked --quiet "$name" --version "$version" --root "$root" "$@"
}
