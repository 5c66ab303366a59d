# Sourced by the test scripts that need Python packages from PyPI.
#
# pinned_venv LABEL REQUIREMENTS VENV: a virtualenv at VENV with the pinned REQUIREMENTS
# installed, made again only when the pins change (a copy of the file is kept in it), so that
# large downloads (pyspark) are not repeated. $PYTHON, else python3.11, else python3, makes it.
pinned_venv() {
  local label="$1" requirements="$2" venv="$3"
  local python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
  if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
    echo "$label: pip install $(tr '\n' ' ' <"$requirements")into $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
  fi
}
