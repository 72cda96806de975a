export default function AdminUsagePage() {
  return null;
}
