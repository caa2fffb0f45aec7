// Command ferretdb runs FerretDB v1 embedded, on PostgreSQL (or, to read a release-one data
// folder once, on SQLite), for development and tests.
//
// `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that
// panics at start-up: the module proxy's copy lacks build/version/version.txt, which the
// release build generates. The embeddable package skips that check, so this wrapper
// pins the same release and serves the same wire protocol.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27027", "TCP address to listen on")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL (the default backend)")
	dir := flag.String("sqlite-url", "", "SQLite directory URI (only to read release-one data)")
	flag.Parse()

	handler := "postgresql"
	if *dir != "" {
		handler = "sqlite"
	}

	// Silent: the PostgreSQL handler logs every unique-index conflict (each lost refresh race,
	// by design) as an ERROR with the document's arguments. Errors still reach the app, which
	// logs what is unexpected through its own error boundary.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError + 4}))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       handler,
		PostgreSQLURL: *postgresURL,
		SQLiteURL:     *dir,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Printf("ferretdb listening on %s", *listen)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
