# lib-install.sh — sourced by test.sh and demo.sh: installs the Debian 12 packages that
# building and testing fakegl need, and only those that are missing.
# shellcheck shell=bash

# Everything the build, the unit tests and the end-to-end tests use.
FAKEGL_PACKAGES=(
	meson ninja-build pkg-config gcc python3
	khronos-api libepoxy-dev libx11-dev libxext-dev libx11-xcb-dev libxcb-shm0-dev libegl-dev libegl-mesa0 libgl-dev
	libglfw3-dev check
	xvfb xauth x11-utils mesa-utils libgl1-mesa-dri imagemagick
	libglvnd-core-dev libsdl2-dev glmark2-x11
	libzstd-dev zlib1g-dev libpng-dev apitrace
	# the real games of tests/e2e/e2e-game-*.sh: about 21 MB to download
	armagetronad neverball
)

# The fuzz targets' (tests/fuzz, tools/test.sh --fuzz): clang and its libFuzzer runtime.
# shellcheck disable=SC2034 # used by test.sh
FAKEGL_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

# The conformance suite's (tests/conformance): piglit, about 2 GB installed. Only
# installed and run with FAKEGL_CONFORMANCE=1 (tools/test.sh --conformance).
# shellcheck disable=SC2034 # used by test.sh
FAKEGL_CONFORMANCE_PACKAGES=(piglit)

# fakegl_install [PACKAGE…] — install the missing ones of PACKAGEs (default: all of
# the above). Runs apt-get update once, only when something is missing; uses sudo
# when not root. Returns non-zero when installing fails.
fakegl_install() {
	local pkgs=("$@") missing=() p sudo=()
	[ ${#pkgs[@]} -gt 0 ] || pkgs=("${FAKEGL_PACKAGES[@]}")
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "fakegl: missing packages (${missing[*]}) and no apt-get to install them" >&2
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || {
			echo "fakegl: missing packages (${missing[*]}); run as root or install sudo" >&2
			return 1
		}
		sudo=(sudo)
	fi
	echo "fakegl: installing ${missing[*]}" >&2
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || return 1
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

# fakegl_build BUILD_DIR [MESON_SETUP_OPTIONS…] — configure (or reconfigure) and compile.
fakegl_build() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson setup --reconfigure "$dir" "$@" || return
	else
		rm -rf "$dir"
		meson setup "$dir" "$@" || return
	fi
	meson compile -C "$dir"
}
