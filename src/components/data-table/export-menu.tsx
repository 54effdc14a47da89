"use client";

import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/** NetBox's Export dropdown: "Current view" (visible columns, all matching rows) and "All data (CSV)". */
export function ExportMenu({ href }: { href: (kind: "table" | "all") => string }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button>
          <Download aria-hidden="true" />
          Export
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuItem asChild>
          <a href={href("table")} download>
            Current view
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={href("all")} download>
            All data (CSV)
          </a>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
