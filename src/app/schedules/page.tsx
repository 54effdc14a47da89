import type { Metadata } from "next";
import { SchedulesManager } from "@/components/schedules/schedules-manager";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const can = await pagePermissions();
  return <SchedulesManager canEdit={can.operate} />;
}
