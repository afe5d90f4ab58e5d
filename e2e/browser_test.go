// Package e2e drives Puente in a real browser (Debian's Chromium through
// chromedp) against a real server and database, and saves screenshots of
// what a person sees to ../screenshots.
package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// browser starts a headless Chromium for the test. Without one the test is
// skipped, except in CI (PUENTE_REQUIRE_BROWSER=1), where it must run.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("PUENTE_REQUIRE_BROWSER") != "" {
			t.Fatal("no Chromium found and PUENTE_REQUIRE_BROWSER is set (apt-get install chromium)")
		}
		t.Skip("no Chromium found; browser tests skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// The server is on loopback: no proxy to look for (a proxy
		// auto-detection on a machine without a network can stall a load).
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("proxy-bypass-list", "*"),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("user-data-dir", t.TempDir()),
		chromedp.Flag("window-size", "1280,900"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// serve runs the real application on a loopback port and returns its URL.
func serve(t *testing.T, s *models.Store) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	app := newApp(t, s, base)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return base
}

// goTo opens an address and waits until the new document has loaded: it
// marks the current document and polls for a new, complete one. Waiting for
// the load event through chromedp.Navigate now and then missed the event
// and hung until the deadline, failing a test at random.
func goTo(url string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		start := fmt.Sprintf(`(() => { window.__puenteNav = true; location.href = %q; return true })()`, url)
		if _, err := chromedp.Evaluate[bool](start)(ctx, tg); err != nil {
			return chromedp.Void{}, fmt.Errorf("open %s: %w", url, err)
		}
		return chromedp.Void{}, poll(ctx, tg, `!window.__puenteNav && document.readyState === 'complete'`, "open "+url)
	}
}

// poll evaluates the boolean expression js in the page every 50 ms until it
// is true or ctx ends (the error then names what was awaited).
func poll(ctx context.Context, tg *chromedp.Target, js, what string) error {
	for {
		ok, err := chromedp.Evaluate[bool](js)(ctx, tg)
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", what, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitVisible waits until an element matching sel is on the page and
// shown, by asking the page itself every 50 ms. chromedp.WaitVisible
// tracks DOM nodes through the protocol and once in a while never saw an
// element that was there (a test failed at random on the first page of a
// new browser).
func waitVisible(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false;
			const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
			return (r.width > 0 || r.height > 0) && cs.visibility !== 'hidden' && cs.display !== 'none' })()`, sel)
		return chromedp.Void{}, poll(ctx, tg, js, "wait for "+sel)
	}
}

// press clicks an element the way its own click() does: the button
// submits its form, the link is followed. A click at the element's
// coordinates could land elsewhere when the page's layout shifted between
// scrolling to it and clicking (web fonts arriving), so a test failed now
// and then with nothing wrong in the page.
func press(sel string, _ ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false;
		if (typeof el.click === 'function') el.click();
		else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
		return true })()`, sel)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for {
			ok, err := chromedp.Evaluate[bool](js)(ctx, tg)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("press %s: %w", sel, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// do runs browser actions with a deadline, so a page that never shows what
// the test waits for fails the test instead of hanging it.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		// Say where the browser was, to tell a page that never loaded from
		// a selector that never matched.
		where := "unknown"
		qctx, qcancel := context.WithTimeout(ctx, 3*time.Second)
		if s, qerr := chromedp.Run(qctx, chromedp.Evaluate[string](`location.href + " (" + document.readyState + ")"`)); qerr == nil {
			where = s
		}
		qcancel()
		t.Fatalf("browser: %v, at %s", err, where)
	}
}

// shot saves a full-page screenshot as ../screenshots/<name>.png.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// chooseLanguage picks a language in the header's menu the way a person
// does; the page's script submits the form on change.
func chooseLanguage(t *testing.T, ctx context.Context, l i18n.Lang) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(() => { const s = document.querySelector('#lang-select'); s.value = %q; s.dispatchEvent(new Event('change')); return true })()`, l)
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](js)); err != nil {
		t.Fatalf("choose %s: %v", l, err)
	}
	want := l.HTMLLang()
	waitFor(t, ctx, fmt.Sprintf(`document.documentElement.lang === %q && document.readyState === 'complete'`, want))
}

// waitFor evaluates a condition until it holds, riding out the moments when
// the page is between two documents (a form submission navigates).
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waited in vain for %s (last error: %v)", cond, last)
}

func TestBrowserLanguages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 120)
		base := serve(t, s)
		ctx := browser(t)
		cat := i18n.Default()
		prefix := s.Dialect() + "-"

		do(t, ctx, goTo(base+"/"), waitVisible("h1"))
		if got := text(t, ctx, "h1"); got != cat.Message(i18n.EN, "home.heading") {
			t.Errorf("English home h1 = %q", got)
		}
		shot(t, ctx, prefix+"home-en")

		for _, l := range []i18n.Lang{i18n.ES, i18n.PT, i18n.ZH} {
			chooseLanguage(t, ctx, l)
			if got := text(t, ctx, "h1"); got != cat.Message(l, "home.heading") {
				t.Errorf("%s home h1 = %q, want %q", l, got, cat.Message(l, "home.heading"))
			}
			if got := text(t, ctx, `#site-nav a[href="/countries"]`); got != cat.Message(l, "nav.countries") {
				t.Errorf("%s nav = %q", l, got)
			}
			shot(t, ctx, prefix+"home-"+string(l))
		}

		// The choice sticks as the reader moves on.
		chooseLanguage(t, ctx, i18n.ES)
		do(t, ctx, goTo(base+"/countries?sort=projects&dir=desc"), waitVisible("table"))
		if got := text(t, ctx, "h1"); got != cat.Message(i18n.ES, "countries.title") {
			t.Errorf("Spanish countries h1 = %q", got)
		}
		if got := text(t, ctx, "tbody tr:first-child th a"); got != "Brasil" {
			t.Errorf("first country by projects = %q, want Brasil", got)
		}
		shot(t, ctx, prefix+"countries-es")
		do(t, ctx, press("tbody tr:first-child th a"), waitVisible(".facts"))
		if got := text(t, ctx, "h1"); got != "Brasil" {
			t.Errorf("country page h1 = %q", got)
		}
		shot(t, ctx, prefix+"country-br-es")

		chooseLanguage(t, ctx, i18n.PT)
		for _, p := range []string{"disciplines", "priorities", "channels"} {
			do(t, ctx, goTo(base+"/"+p), waitVisible("h1"))
			shot(t, ctx, prefix+p+"-pt")
		}
		do(t, ctx, goTo(base+"/nowhere"), waitVisible("h1"))
		if got := text(t, ctx, "h1"); got != cat.Message(i18n.PT, "error.not_found.title") {
			t.Errorf("Portuguese 404 h1 = %q", got)
		}

		// A phone-sized screen: the menu collapses behind its button.
		do(t, ctx, chromedp.EmulateViewport(390, 844), goTo(base+"/countries"), waitVisible(".nav-toggle"))
		shot(t, ctx, prefix+"countries-pt-mobile")
		do(t, ctx, press(".nav-toggle"), waitVisible(`#site-nav a[href="/channels"]`))
	})
}
