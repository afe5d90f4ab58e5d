// Package files keeps uploaded files on disk under random names, and
// decides which files Puente accepts at all: the type is sniffed from the
// bytes, never taken from the client's name or header.
package files

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Reasons an upload is refused; handlers turn them into messages.
var (
	ErrTooLarge   = errors.New("files: file exceeds the size limit")
	ErrEmpty      = errors.New("files: file is empty")
	ErrType       = errors.New("files: file type not accepted")
	ErrExecutable = errors.New("files: file is a program or a web page")
	ErrBadKey     = errors.New("files: malformed storage key")
)

// Store keeps files under dir, each in a subdirectory named by the first two
// hex digits of its random key, so no directory grows too large.
type Store struct {
	dir string
}

// New returns a store rooted at dir; directories are created on first use.
func New(dir string) *Store { return &Store{dir: dir} }

// Stored describes a file Save kept.
type Stored struct {
	Key         string // 32 lower-case hex digits: the file's only name on disk
	ContentType string // sniffed
	Ext         string // the usual extension of ContentType, without the dot
	Size        int64
	SHA256      string // lower-case hex
}

var keyRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (s *Store) path(key string) (string, error) {
	if !keyRE.MatchString(key) {
		return "", ErrBadKey
	}
	return filepath.Join(s.dir, key[:2], key), nil
}

// Save streams r to a temporary file, refusing it once it passes limit
// bytes, then sniffs its type and, when accepted, moves it under a new
// random key. nameHint (the client's file name) only tells plain text from
// CSV. A refused file leaves nothing behind.
func (s *Store) Save(r io.Reader, limit int64, nameHint string) (Stored, error) {
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return Stored{}, fmt.Errorf("files: unable to create %s: %w", s.dir, err)
	}
	tmp, err := os.CreateTemp(s.dir, ".upload-*")
	if err != nil {
		return Stored{}, fmt.Errorf("files: unable to create a temporary file: %w", err)
	}
	kept := false
	defer func() {
		_ = tmp.Close()
		if !kept {
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o640); err != nil {
		return Stored{}, fmt.Errorf("files: unable to set file mode: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err != nil {
		return Stored{}, fmt.Errorf("files: unable to write upload: %w", err)
	}
	switch {
	case n > limit:
		return Stored{}, ErrTooLarge
	case n == 0:
		return Stored{}, ErrEmpty
	}
	ct, ext, err := sniff(tmp, n, nameHint)
	if err != nil {
		return Stored{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Stored{}, fmt.Errorf("files: unable to flush upload: %w", err)
	}
	key, err := newKey()
	if err != nil {
		return Stored{}, err
	}
	final, _ := s.path(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return Stored{}, fmt.Errorf("files: unable to create directory: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Stored{}, fmt.Errorf("files: unable to close upload: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Stored{}, fmt.Errorf("files: unable to store upload: %w", err)
	}
	kept = true
	return Stored{Key: key, ContentType: ct, Ext: ext, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func newKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("files: unable to make a random name: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// Open opens a stored file for reading.
func (s *Store) Open(key string) (*os.File, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("files: unable to open %s: %w", key, err)
	}
	return f, nil
}

// Delete removes a stored file; a file already gone is not an error.
func (s *Store) Delete(key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("files: unable to delete %s: %w", key, err)
	}
	return nil
}
