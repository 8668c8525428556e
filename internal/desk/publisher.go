package desk

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// PublishStore is what the Publisher needs of the store.
type PublishStore interface {
	NextScheduled(ctx context.Context) (time.Time, bool, error)
	PublishDue(ctx context.Context, now time.Time, limit int) ([]model.DeskArticle, error)
	AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error)
}

// PublisherOptions configure a Publisher.
type PublisherOptions struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxWait is the longest the publisher sleeps between two looks at
	// the schedule, so an article scheduled by another process (which
	// cannot Kick this one) is published at most this late; zero means
	// 30 seconds.
	MaxWait time.Duration
	// Published is called after each round that published articles (to
	// wake clustering, for one); nil for nothing.
	Published func(n int)
	// Logger receives the log; nil discards it.
	Logger *slog.Logger
}

// Publisher publishes scheduled articles when their time comes. Any
// number of publishers may run against one database, in one process or
// several: the store claims each article for exactly one of them.
type Publisher struct {
	st   PublishStore
	opts PublisherOptions
	kick chan struct{}
}

// minWait is the shortest sleep between two looks at the schedule.
const minWait = 50 * time.Millisecond

// publishBatch is how many due articles one store call publishes.
const publishBatch = 50

// NewPublisher returns a publisher over st.
func NewPublisher(st PublishStore, opts PublisherOptions) *Publisher {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Publisher{st: st, opts: opts, kick: make(chan struct{}, 1)}
}

// Kick makes a running publisher look at the schedule again now: the
// desk calls it after scheduling an article, whose time may come before
// the publisher's next planned look.
func (p *Publisher) Kick() {
	select {
	case p.kick <- struct{}{}:
	default: // a look is already due
	}
}

// PublishDue publishes every article due now and records each in the
// audit log as the scheduler's doing. It returns how many it published.
func (p *Publisher) PublishDue(ctx context.Context) (int, error) {
	total := 0
	for {
		now := p.opts.Now()
		done, err := p.st.PublishDue(ctx, now, publishBatch)
		for _, d := range done {
			p.opts.Logger.Info("desk: published on schedule", "desk_article", d.ID, "article", d.ArticleID,
				"slug", d.Slug, "due", d.PublishAt)
			e := model.AuditEntry{At: now, Actor: "scheduler", Action: "article.publish", TargetType: "desk_article",
				TargetID: d.ID, Summary: fmt.Sprintf("published %q on schedule", d.Title)}
			if _, err := p.st.AddAudit(ctx, e); err != nil {
				p.opts.Logger.Error("desk: record scheduled publication", "desk_article", d.ID, "err", err)
			}
		}
		total += len(done)
		if len(done) > 0 && p.opts.Published != nil {
			p.opts.Published(len(done))
		}
		if err != nil {
			return total, err
		}
		if len(done) < publishBatch {
			return total, nil
		}
	}
}

// Run publishes due articles until ctx is done, waking at the next
// scheduled time, when kicked, and at least every MaxWait.
func (p *Publisher) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-p.kick:
		}
		if _, err := p.PublishDue(ctx); err != nil {
			if ctx.Err() == nil {
				p.opts.Logger.Error("desk: publish scheduled articles", "err", err)
			}
			// The article that failed is still due: trying it again at
			// once would only fail again, as fast as the database answers.
			timer.Reset(p.opts.MaxWait)
			continue
		}
		timer.Reset(p.wait(ctx))
	}
}

// wait is how long to sleep before the next look at the schedule.
func (p *Publisher) wait(ctx context.Context) time.Duration {
	wait := p.opts.MaxWait
	next, ok, err := p.st.NextScheduled(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.opts.Logger.Warn("desk: read the schedule", "err", err)
		}
		return wait
	}
	if ok {
		// A few milliseconds past the time, so the article is due when
		// the publisher looks.
		wait = min(wait, max(next.Sub(p.opts.Now())+10*time.Millisecond, minWait))
	}
	return wait
}
