// Command alis computes the state's grant for ALIS-avtaler under each grant
// period's rules. See package cli for the commands.
package main

import (
	"os"

	"github.com/alis-tilskudd/alis/cmd/alis/internal/cli"
)

func main() { os.Exit(cli.Main()) }
