package store

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PrepareSource checks a source given to AddSource and returns what a
// backend stores: its text cleaned, Created now when unset. A source
// without a feed URL is refused, since the feed URL is what a source is.
func PrepareSource(src model.Source, now time.Time) (model.Source, error) {
	if strings.TrimSpace(src.FeedURL) == "" {
		return model.Source{}, errors.New("empty feed URL")
	}
	if err := CheckSourceOptions(src.Interval, src.Extract); err != nil {
		return model.Source{}, err
	}
	src = CleanSource(src)
	src.Extract = ModeOrAuto(src.Extract)
	if src.Created.IsZero() {
		src.Created = now
	}
	if src.State.NextFetchAt.IsZero() {
		// A new source is due at once.
		src.State.NextFetchAt = src.Created
	}
	return src, nil
}

// CheckSourceOptions refuses an interval below model.MinInterval (zero
// means the default) or not in whole seconds, and an unknown extraction
// mode.
func CheckSourceOptions(interval time.Duration, mode model.ExtractMode) error {
	if interval != 0 && interval < model.MinInterval {
		return fmt.Errorf("fetch interval %s is below the minimum of %s", interval, model.MinInterval)
	}
	if interval%time.Second != 0 {
		return fmt.Errorf("fetch interval %s is not a whole number of seconds", interval)
	}
	_, err := model.ParseExtractMode(string(mode))
	return err
}

// ModeOrAuto reads the empty mode as model.ExtractAuto.
func ModeOrAuto(m model.ExtractMode) model.ExtractMode {
	if m == "" {
		return model.ExtractAuto
	}
	return m
}
