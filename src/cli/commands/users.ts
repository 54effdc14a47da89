import type { Command } from "commander";
import { generatePassword, isRole, listUsers, MIN_PASSWORD_LENGTH, ROLES, type Role } from "@/server/auth";
import { createUser, deleteUser, setPassword, setUserActive, setUserRole } from "@/server/auth/service";
import { CliError, type CliOptions, cliActor, printJson, printTable, withDatabase } from "../context";

// `proxbox user …` — the way to create the first admin (there is no default account or password), and
// to manage users: roles, deactivation (signs them out everywhere, their tokens stop working),
// deletion (their change-log entries stay, under their name), passwords (ends their sessions).

interface CreateOptions {
  role: string;
  password?: string;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    let answer = "";
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\u0003") {
          cleanup();
          reject(new CliError("cancelled"));
          return;
        }
        if (ch === "\r" || ch === "\n") {
          cleanup();
          process.stderr.write("\n");
          resolve(answer);
          return;
        }
        answer = ch === "\u007f" ? answer.slice(0, -1) : answer + ch;
      }
    };
    const cleanup = () => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
    };
    input.on("data", onData);
  });
}

/** --password, or asked twice on a terminal (empty: generate one), or generated when not interactive. */
async function choosePassword(given: string | undefined): Promise<{ password: string; generated: boolean }> {
  if (given !== undefined) return { password: given, generated: false };
  if (process.stdin.isTTY) {
    const first = await promptHidden(
      `Password (at least ${MIN_PASSWORD_LENGTH} characters; empty = generate): `,
    );
    if (first !== "") {
      if ((await promptHidden("Repeat the password: ")) !== first) throw new CliError("the passwords differ");
      return { password: first, generated: false };
    }
  }
  return { password: generatePassword(), generated: true };
}

function roleOf(value: string, what = "--role"): Role {
  if (!isRole(value)) throw new CliError(`${what} must be one of ${ROLES.join(", ")} (got "${value}")`);
  return value;
}

export function registerUserCommands(program: Command, opts: () => CliOptions): void {
  const user = program.command("user").description("users who sign in to the web UI and own API tokens");

  user
    .command("create <name>")
    .description(
      "create a user; without --password one is asked for (terminal) or generated and printed once",
    )
    .requiredOption("--role <role>", `${ROLES.join(" | ")}`)
    .option("--password <password>", "the password (it ends up in your shell history; prefer the prompt)")
    .action(async (name: string, o: CreateOptions) => {
      const role = roleOf(o.role);
      const { password, generated } = await choosePassword(o.password);
      const created = await withDatabase(() => createUser({ username: name, role, password }, cliActor()));
      if (opts().json) printJson({ ...created, ...(generated ? { password } : {}) });
      else {
        console.log(`created ${role} ${created.username} (id ${created.id})`);
        if (generated) console.log(`password (shown once): ${password}`);
      }
    });

  user
    .command("set-password <name>")
    .description(
      "set a new password and end the user's sessions; without --password one is asked for or generated",
    )
    .option("--password <password>", "the new password")
    .action(async (name: string, o: { password?: string }) => {
      const { password, generated } = await choosePassword(o.password);
      const { sessionsEnded } = await withDatabase(() => setPassword(name, password));
      if (opts().json) printJson({ username: name, sessionsEnded, ...(generated ? { password } : {}) });
      else {
        console.log(
          generated ? `new password for ${name} (shown once): ${password}` : `password of ${name} changed`,
        );
        console.log(`${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended`);
      }
    });

  user
    .command("set-role <name> <role>")
    .description(`change a user's role (${ROLES.join(" | ")})`)
    .action(async (name: string, role: string) => {
      const checked = roleOf(role, "the role");
      const { user: changed } = await withDatabase(() => setUserRole(name, checked, cliActor()));
      if (opts().json) printJson(changed);
      else console.log(`${changed.username} is now ${changed.role}`);
    });

  for (const [command, active] of [
    ["deactivate", false],
    ["activate", true],
  ] as const) {
    user
      .command(`${command} <name>`)
      .description(
        active
          ? "allow a deactivated user to sign in and use their tokens again"
          : "stop a user from signing in: ends their sessions, their API tokens are refused",
      )
      .action(async (name: string) => {
        const { user: changed, sessionsEnded } = await withDatabase(() =>
          setUserActive(name, active, cliActor()),
        );
        if (opts().json) printJson({ ...changed, sessionsEnded });
        else
          console.log(
            active
              ? `${changed.username} activated`
              : `${changed.username} deactivated; ${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended`,
          );
      });
  }

  user
    .command("delete <name>")
    .description("delete a user with their sessions and tokens (the change log keeps their name)")
    .action(async (name: string) => {
      const deleted = await withDatabase(() => deleteUser(name, cliActor()));
      if (opts().json) printJson(deleted);
      else
        console.log(
          `deleted user ${deleted.username} (id ${deleted.id}): ${deleted.sessionsEnded} session(s) ended, ` +
            `${deleted.tokensDeleted} token(s) deleted; change-log entries keep the name`,
        );
    });

  user
    .command("list")
    .description("list users and their roles")
    .action(async () => {
      const users = await withDatabase(() => listUsers());
      if (opts().json) printJson(users);
      else
        printTable(
          ["ID", "USERNAME", "ROLE", "ACTIVE", "LAST LOGIN"],
          users.map((u) => [
            u.id,
            u.username,
            u.role,
            u.isActive ? "yes" : "no",
            u.lastLogin?.toISOString() ?? "—",
          ]),
        );
    });
}
