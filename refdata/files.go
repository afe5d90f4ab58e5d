package refdata

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The seed travels inside the binary so that `puente seed` needs no files
// beside it and always loads the data the code was tested with.
//
//go:embed data/*
var files embed.FS

// record is one CSV row with its line number, so that a bad edit to a data
// file fails with the file and line instead of a CHECK violation. The first
// conversion error sticks; the caller checks err once per row.
type record struct {
	file string
	line int
	cols map[string]int
	vals []string
	err  error
}

// readCSV reads data/name, skipping '#' comment lines, and checks that the
// header has every column in want.
func readCSV(name string, want ...string) ([]*record, error) {
	f, err := files.Open("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("refdata: unable to open %s: %w", name, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("refdata: unable to read the header of %s: %w", name, err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		cols[h] = i
	}
	for _, w := range want {
		if _, ok := cols[w]; !ok {
			return nil, fmt.Errorf("refdata: %s has no column %q", name, w)
		}
	}
	var out []*record
	for {
		vals, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("refdata: unable to read %s: %w", name, err)
		}
		line, _ := r.FieldPos(0)
		out = append(out, &record{file: name, line: line, cols: cols, vals: vals})
	}
}

// readJSON decodes data/name into v, refusing fields v does not have so
// that a misspelt key is an error rather than a silent zero.
func readJSON(name string, v any) error {
	f, err := files.Open("data/" + name)
	if err != nil {
		return fmt.Errorf("refdata: unable to open %s: %w", name, err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("refdata: unable to decode %s: %w", name, err)
	}
	return nil
}

func (r *record) fail(col, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("refdata: %s line %d, %s: %s", r.file, r.line, col, fmt.Sprintf(format, args...))
	}
}

func (r *record) str(col string) string { return strings.TrimSpace(r.vals[r.cols[col]]) }

// required is str for columns whose blank would break a NOT NULL column.
func (r *record) required(col string) string {
	s := r.str(col)
	if s == "" {
		r.fail(col, "is blank")
	}
	return s
}

// optional maps a blank cell to NULL: in the reference files blank means
// unknown or not applicable, never the empty string.
func (r *record) optional(col string) *string {
	if s := r.str(col); s != "" {
		return &s
	}
	return nil
}

func (r *record) boolean(col string) bool {
	b, err := strconv.ParseBool(r.str(col))
	if err != nil {
		r.fail(col, "%q is not true or false", r.str(col))
	}
	return b
}

func (r *record) integer(col string) int {
	n, err := strconv.Atoi(r.str(col))
	if err != nil {
		r.fail(col, "%q is not a whole number", r.str(col))
	}
	return n
}

func (r *record) optionalInt(col string) *int {
	if r.str(col) == "" {
		return nil
	}
	n := r.integer(col)
	return &n
}

func (r *record) float(col string) float64 {
	v, err := strconv.ParseFloat(r.str(col), 64)
	if err != nil {
		r.fail(col, "%q is not a number", r.str(col))
	}
	return v
}
