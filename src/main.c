/* main: hands argv to the CLI dispatcher. */
#include "cli.h"

int main(int argc, char **argv)
{
    return outlay_cli_main(argc, argv);
}
