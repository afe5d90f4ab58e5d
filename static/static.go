// Package static embeds Puente's stylesheets, scripts and images and serves
// them under content-hashed names, so browsers may cache them for a year and
// still see a new version the moment it ships.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"
)

// vendor/ is filled from npm by the build (htmx); it holds only .gitkeep in
// a checkout where npm has not run, and every page still works then.
//
//go:embed css js img all:vendor
var files embed.FS

// Asset is one embedded file.
type Asset struct {
	Body        []byte
	ContentType string
}

// Assets maps logical names ("css/app.css") to hashed addresses
// ("/static/css/app.1a2b3c4d5e.css") and back.
type Assets struct {
	paths  map[string]string
	byPath map[string]Asset
}

// Prefix is where assets are served.
const Prefix = "/static/"

// Load reads and hashes every embedded file.
func Load() (*Assets, error) {
	a := &Assets{paths: map[string]string{}, byPath: map[string]Asset{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path.Base(name), ".") {
			return err
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := Prefix + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.paths[name] = hashed
		a.byPath[hashed] = Asset{Body: body, ContentType: ct}
		return nil
	})
	return a, err
}

// Path returns the hashed address of a logical asset name, or "" when the
// asset is not embedded (htmx before npm has run).
func (a *Assets) Path(name string) string { return a.paths[name] }

// Lookup returns the asset served at a hashed address.
func (a *Assets) Lookup(p string) (Asset, bool) {
	asset, ok := a.byPath[p]
	return asset, ok
}
