package handlers_test

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/puente-science/puente/models"
)

var callSeq atomic.Int64

// callFixture is a stored call with a one-criterion rubric, funded by a
// seeded channel with the first type that channel funds.
type callFixture struct {
	status        models.CallStatus
	opens, closes time.Time
	zone          string
	title         map[string]string
}

func makeCall(t *testing.T, s *models.Store, createdBy int64, f callFixture) *models.Call {
	t.Helper()
	ctx := context.Background()
	chans, err := s.CallChannels(ctx)
	if err != nil || len(chans) == 0 {
		t.Fatalf("channels: %v", err)
	}
	ch := chans[0]
	if f.zone == "" {
		f.zone = "UTC"
	}
	if f.title == nil {
		f.title = map[string]string{"en": "Call " + strconv.FormatInt(callSeq.Add(1), 10)}
	}
	c := models.Call{ChannelID: ch.ID, Code: fmt.Sprintf("T-%d", callSeq.Add(1)), OpensAt: f.opens, ClosesAt: f.closes,
		TimeZone: f.zone, BudgetCapMinor: 25_000_000, Currency: ch.Currency, MinReviews: 2, ReportFrequencyMonths: 6,
		Status: f.status, CreatedBy: createdBy, CreatedAt: fixedNow, UpdatedAt: fixedNow, Version: 1}
	for l, v := range f.title {
		c.Title.Set(l, v)
	}
	c.Body.Set("en", "What the call funds.")
	if err := s.DB().Omit("published_at").Create(&c).Error; err != nil {
		t.Fatal(err)
	}
	var name models.Texts
	name.Set("en", "Scientific merit")
	if err := s.DB().Create(&models.RubricCriterion{CallID: c.ID, Position: 1, Name: name, Weight: 3}).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Create(&models.CallProjectType{CallID: c.ID, ProjectType: ch.Types[0]}).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Create(&models.CallCountry{CallID: c.ID, CountryISO2: "BR"}).Error; err != nil {
		t.Fatal(err)
	}
	return &c
}

// openCall is published and open at fixedNow.
func openCall(t *testing.T, s *models.Store, by int64) *models.Call {
	return makeCall(t, s, by, callFixture{status: models.CallPublished, opens: fixedNow.AddDate(0, 0, -3), closes: fixedNow.AddDate(0, 0, 12)})
}

func draftCall(t *testing.T, s *models.Store, by int64) *models.Call {
	return makeCall(t, s, by, callFixture{status: models.CallDraft, opens: fixedNow.AddDate(0, 0, 3), closes: fixedNow.AddDate(0, 1, 0)})
}

func callURL(c *models.Call, suffix string) string {
	return "/calls/" + strconv.FormatInt(c.ID, 10) + suffix
}
