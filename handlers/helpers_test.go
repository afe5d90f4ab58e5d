package handlers_test

import (
	"context"

	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/models"
)

func demoMore(s *models.Store, n int) (*demo.Result, error) {
	return demo.Generate(context.Background(), s, demo.Options{Projects: n, Seed: 99, Now: fixedNow})
}
