// Command loadtest measures page latency on a running Puente: it signs in
// as a director and requests each page many times, one request at a time,
// then prints p50, p95 and the slowest. scripts/loadtest.sh starts the
// server on a 100,000-project PostgreSQL portfolio and runs it.
//
//	go run ./scripts/loadtest -base http://127.0.0.1:18080 -email E -password P -n 200
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]+)"`)

func main() {
	base := flag.String("base", "http://127.0.0.1:18080", "the server's address")
	email := flag.String("email", "", "a director's e-mail")
	password := flag.String("password", "", "the director's password")
	n := flag.Int("n", 200, "requests per page")
	database := flag.String("database", "", "the server's PostgreSQL URL: also measure /portfolio while a project changes twice a second")
	flag.Parse()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if err := signIn(client, *base, *email, *password); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	// Cold: the first request of a filter set computes the summary (every
	// GROUP BY); warm: the same filters again, served from the cache after
	// the data-version check.
	var cold []string
	for _, y := range []string{"2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"} {
		for _, t := range []string{"", "research_project", "talent_exchange"} {
			cold = append(cold, "/portfolio?from="+y+"&type="+t)
		}
	}
	measure(client, *base, "/portfolio (cold: a new filter set each time)", cold, len(cold))
	measure(client, *base, "/portfolio (warm)", []string{"/portfolio"}, *n)
	measure(client, *base, "/portfolio?from=2020&to=2024&type=research_project (warm)", []string{"/portfolio?from=2020&to=2024&type=research_project"}, *n)
	if *database != "" {
		stop, err := writer(*database, 500*time.Millisecond)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		measure(client, *base, "/portfolio (the data changing twice a second)", []string{"/portfolio"}, *n)
		stop()
	}
	measure(client, *base, "/projects (all, latest changed first)", []string{"/projects"}, *n)
	measure(client, *base, "/projects?sort=title (all, by title)", []string{"/projects?sort=title"}, *n)
	measure(client, *base, "/projects?type=joint_lab&sort=requested&dir=desc", []string{"/projects?type=joint_lab&sort=requested&dir=desc"}, *n)
	measure(client, *base, "/projects?stage=implementation&country=BR&type=research_project",
		[]string{"/projects?stage=implementation&country=BR&type=research_project"}, *n)
	measure(client, *base, "/projects?lead_priority=yes&funded=1&from=2020&sort=awarded&dir=desc",
		[]string{"/projects?lead_priority=yes&funded=1&from=2020&sort=awarded&dir=desc"}, *n)
}

// writer changes a project every interval, as officers at work do: each
// change bumps the data version the portfolio cache checks. stop ends it.
func writer(url string, every time.Duration) (stop func(), err error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for id := 1; ; id++ {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := db.ExecContext(ctx, `UPDATE projects SET updated_at = now() WHERE id = $1`, id); err != nil && ctx.Err() == nil {
					fmt.Fprintln(os.Stderr, "loadtest: writer:", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done; db.Close() }, nil
}

func signIn(c *http.Client, base, email, password string) error {
	res, err := c.Get(base + "/login")
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfMeta.FindSubmatch(body)
	if m == nil {
		return fmt.Errorf("no CSRF token on /login")
	}
	res, err = c.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("sign in: %s", res.Status)
	}
	return nil
}

func measure(c *http.Client, base, label string, paths []string, n int) {
	var ds []time.Duration
	for i := 0; i < n; i++ {
		p := paths[i%len(paths)]
		start := time.Now()
		res, err := c.Get(base + p)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			fmt.Fprintf(os.Stderr, "loadtest: %s: %s\n", p, res.Status)
			os.Exit(1)
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(q float64) time.Duration { return ds[int(q*float64(len(ds)-1)+0.5)] }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	fmt.Printf("%-75s n=%-4d p50 %-9s p95 %-9s max %s\n", strings.TrimSpace(label), len(ds), ms(pct(0.5)), ms(pct(0.95)), ms(ds[len(ds)-1]))
}
