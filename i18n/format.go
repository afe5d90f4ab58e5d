package i18n

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

func printer(ctx context.Context) *message.Printer {
	return message.NewPrinter(LangOf(ctx).Tag())
}

// Number formats an integer with the language's grouping: 1,234 / 1.234.
func Number(ctx context.Context, n int64) string {
	return printer(ctx).Sprintf("%d", n)
}

// Decimal formats f with at most digits fraction digits.
func Decimal(ctx context.Context, f float64, digits int) string {
	return printer(ctx).Sprint(number.Decimal(f, number.MaxFractionDigits(digits)))
}

// Percent formats a ratio (0.245) as a percentage with one decimal: 24.5 %.
func Percent(ctx context.Context, ratio float64) string {
	return printer(ctx).Sprint(number.Percent(ratio, number.MaxFractionDigits(1)))
}

// Money formats an amount in integer minor units of an ISO 4217 currency:
// Money(ctx, 123450, "USD") is "US$1,234.50" in English, "1.234,50 US$" in
// Spanish.
func Money(ctx context.Context, minor int64, code string) string {
	cur, err := currency.ParseISO(code)
	if err != nil {
		return Number(ctx, minor) + " " + code
	}
	scale, _ := currency.Standard.Rounding(cur)
	amount := float64(minor) / math.Pow10(scale)
	num := printer(ctx).Sprint(number.Decimal(amount, number.MinFractionDigits(scale), number.MaxFractionDigits(scale)))
	return withSymbol(ctx, num, cur, code)
}

// withSymbol places a currency's symbol around a formatted amount as the
// language writes it.
func withSymbol(ctx context.Context, num string, cur currency.Unit, code string) string {
	sym := printer(ctx).Sprint(currency.Symbol(cur))
	// A bare "$" or "¥" is ambiguous in a portfolio that mixes currencies.
	if sym == "$" || (sym == "¥" && LangOf(ctx) != ZH) {
		sym = code[:2] + sym
	}
	if LangOf(ctx) == ES {
		return num + "\u00a0" + sym
	}
	// A symbol that ends in a letter (an ISO code such as "CLP") needs a space.
	if last := sym[len(sym)-1]; last >= 'A' && last <= 'Z' {
		return sym + "\u00a0" + num
	}
	return sym + num
}

// NumberCompact writes a figure in the language's large units, with one
// decimal (an axis label: "1.5 million", "2万"), and smaller ones rounded
// with the language's grouping ("8,000", "8.000").
func NumberCompact(ctx context.Context, v float64) string {
	if s, ok := compact(ctx, v); ok {
		return s
	}
	return Decimal(ctx, math.Round(v*10)/10, 1)
}

// compact writes v in the largest of the catalog's "number.compact" units
// it reaches; false when it reaches none.
func compact(ctx context.Context, v float64) (string, bool) {
	for _, unit := range strings.Split(T(ctx, "number.compact"), "|") {
		limit, pattern, ok := strings.Cut(unit, "=")
		threshold, err := strconv.ParseFloat(strings.TrimSpace(limit), 64)
		if !ok || err != nil || threshold <= 0 || math.Abs(v) < threshold {
			continue
		}
		num := printer(ctx).Sprint(number.Decimal(v/threshold, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
		return strings.ReplaceAll(pattern, "{n}", num), true
	}
	return "", false
}

// MoneyCompact is Money in the language's large units, for headline
// figures: "CN¥328.0 billion", "CN¥45,7 milhões", "￥3,280.4亿".
// The units come from the catalog's "number.compact": "threshold={n} unit"
// pairs, largest first, separated by "|" (a million and a billion in most
// languages, 万 and 亿 in Chinese). Below the smallest it is Money.
func MoneyCompact(ctx context.Context, minor int64, code string) string {
	cur, err := currency.ParseISO(code)
	if err != nil {
		return Money(ctx, minor, code)
	}
	scale, _ := currency.Standard.Rounding(cur)
	if s, ok := compact(ctx, float64(minor)/math.Pow10(scale)); ok {
		return withSymbol(ctx, s, cur, code)
	}
	return Money(ctx, minor, code)
}

var monthsShort = map[Lang][12]string{
	EN: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	ES: {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	PT: {"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."},
}

// Date formats a calendar date in the language's medium style:
// 27 Nov 2026, 27 nov 2026, 27 de nov. de 2026, 2026年11月27日.
func Date(ctx context.Context, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	switch l := LangOf(ctx); l {
	case ZH:
		return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
	case PT:
		return fmt.Sprintf("%d de %s de %d", d, monthsShort[PT][m-1], y)
	default:
		return fmt.Sprintf("%d %s %d", d, monthsShort[l][m-1], y)
	}
}

// DateTime formats an instant in the given time zone with hours and minutes
// and the zone's abbreviation.
func DateTime(ctx context.Context, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc != nil {
		t = t.In(loc)
	}
	return Date(ctx, t) + " " + t.Format("15:04") + " " + utcOffset(t)
}

// utcOffset names a moment's zone by its offset ("UTC+8", "UTC−3"), which
// reads the same in every language, unlike abbreviations such as CST.
func utcOffset(t time.Time) string {
	_, secs := t.Zone()
	sign := "+"
	if secs < 0 {
		sign, secs = "\u2212", -secs
	}
	s := fmt.Sprintf("UTC%s%d", sign, secs/3600)
	if m := secs % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	if secs == 0 {
		return "UTC"
	}
	return s
}

// Year formats a year without grouping (2016, not 2,016).
func Year(y int) string { return strconv.Itoa(y) }
