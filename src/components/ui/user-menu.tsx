"use client";

import { CircleUser, LogOut } from "lucide-react";
import { Button } from "./button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "./dropdown-menu";

/** The signed-in user (name and role) with "Sign out" (a POST, as the sign-out route requires). */
export function UserMenu({ username, role }: { username: string; role: string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Account: ${username} (${role})`}>
          <CircleUser aria-hidden="true" />
          <span className="max-w-32 truncate">{username}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>
          Signed in as {username} ({role})
        </DropdownMenuLabel>
        <form method="post" action="/api/auth/sign-out/">
          <DropdownMenuItem asChild>
            <button type="submit" className="w-full">
              <LogOut aria-hidden="true" />
              Sign out
            </button>
          </DropdownMenuItem>
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
