package models

import (
	"context"
	"fmt"
)

// ReferenceDataLoaded reports whether the reference data has been seeded.
func (s *Store) ReferenceDataLoaded(ctx context.Context) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Table("countries").Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to count countries: %w", err)
	}
	return n > 0, nil
}

// HasProjects reports whether any project exists.
func (s *Store) HasProjects(ctx context.Context) (bool, error) {
	var ids []int64
	if err := s.db.WithContext(ctx).Table("projects").Limit(1).Pluck("id", &ids).Error; err != nil {
		return false, fmt.Errorf("store: unable to look for projects: %w", err)
	}
	return len(ids) > 0, nil
}
