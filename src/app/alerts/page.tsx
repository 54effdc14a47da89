import type { Metadata } from "next";
import { AlertsManager } from "@/components/alerts/alerts-manager";
import { pagePermissions } from "@/server/overview/permissions";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const can = await pagePermissions();
  // Rules and destinations are admin business (the alerts router's mutations are admin-only).
  return <AlertsManager canEdit={can.admin} />;
}
